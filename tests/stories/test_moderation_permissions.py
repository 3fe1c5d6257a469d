"""Who may moderate stories: the role x route table, and CSRF on every action.

The /moderation area is for moderators and administrators. Signed-out people are sent to the
login page. Anyone else signed in gets 403, except on a story they may not even see (not
published and not theirs), which does not exist for them: 404, the same answer as for a story
id that does not exist, so that the refusal tells nothing.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from app.accounts.models import Role
from app.clock import utcnow
from app.extensions import db
from app.stories.models import ModerationLogEntry, StoryStatus
from tests.factories import login, make_user, reload
from tests.roles import LOGIN, assert_status, expect
from tests.stories.factories import make_story, report_story

PEOPLE = ["anonymous", "resident", "org_member", "staff", "moderator", "admin", "author"]
S = StoryStatus


@pytest.fixture
def client(english_client):
    return english_client


@pytest.fixture
def world():
    author = make_user(Role.RESIDENT)
    stories = {
        "pending": make_story(author, S.PENDING),
        "published": make_story(author, S.PUBLISHED),
        "featured": make_story(author, S.PUBLISHED, featured=True),
        "reported": make_story(author, S.PUBLISHED),
        "unpublished": make_story(author, S.UNPUBLISHED, published_at=utcnow()),
        "hidden": make_story(author, S.HIDDEN, published_at=utcnow()),
    }
    report_story(stories["reported"])
    for _ in range(3):
        report_story(stories["hidden"])
    people = {
        "resident": make_user(Role.RESIDENT),
        "org_member": make_user(Role.ORG_MEMBER),
        "staff": make_user(Role.STAFF),
        "moderator": make_user(Role.MODERATOR),
        "admin": make_user(Role.ADMIN),
        "author": author,
    }
    return SimpleNamespace(stories=stories, people=people)


def _expect(default, **exceptions):
    return expect(PEOPLE, default, **exceptions)


MODERATORS_SEE = {"moderator": 200, "admin": 200}
MODERATORS_ACT = {"moderator": 302, "admin": 302}
SIGNED_OUT = {"anonymous": LOGIN}
# A story nobody but its author and the moderators can see.
NOT_PUBLIC = _expect(404, **SIGNED_OUT, author=403)
PUBLIC = _expect(403, **SIGNED_OUT)

# name: (method, path, story, data, expected)
ROUTES = {
    "queue": ("GET", "/moderation/stories", None, {}, _expect(403, **SIGNED_OUT, **MODERATORS_SEE)),
    "queue hidden": (
        "GET",
        "/moderation/stories?status=hidden",
        None,
        {},
        _expect(403, **SIGNED_OUT, **MODERATORS_SEE),
    ),
    "log": ("GET", "/moderation/log", None, {}, _expect(403, **SIGNED_OUT, **MODERATORS_SEE)),
    "log of a story": (
        "GET",
        "/moderation/log?story={pending}",
        None,
        {},
        _expect(403, **SIGNED_OUT, **MODERATORS_SEE),
    ),
    "moderate pending": (
        "GET",
        "/moderation/stories/{id}",
        "pending",
        {},
        {**NOT_PUBLIC, **MODERATORS_SEE},
    ),
    "moderate published": (
        "GET",
        "/moderation/stories/{id}",
        "published",
        {},
        {**PUBLIC, **MODERATORS_SEE},
    ),
    "edit page": (
        "GET",
        "/moderation/stories/{id}/edit",
        "pending",
        {},
        {**NOT_PUBLIC, **MODERATORS_SEE},
    ),
    "edit": (
        "POST",
        "/moderation/stories/{id}/edit",
        "published",
        {"title": "New", "body": "New body", "note": "Why"},
        {**PUBLIC, **MODERATORS_ACT},
    ),
    "approve": (
        "POST",
        "/moderation/stories/{id}/approve",
        "pending",
        {},
        {**NOT_PUBLIC, **MODERATORS_ACT},
    ),
    "reject": (
        "POST",
        "/moderation/stories/{id}/reject",
        "pending",
        {"rejection_reason": "No"},
        {**NOT_PUBLIC, **MODERATORS_ACT},
    ),
    "feature": (
        "POST",
        "/moderation/stories/{id}/feature",
        "published",
        {},
        {**PUBLIC, **MODERATORS_ACT},
    ),
    "unfeature": (
        "POST",
        "/moderation/stories/{id}/unfeature",
        "featured",
        {},
        {**PUBLIC, **MODERATORS_ACT},
    ),
    "unpublish": (
        "POST",
        "/moderation/stories/{id}/unpublish",
        "published",
        {"unpublish_reason": "Names"},
        {**PUBLIC, **MODERATORS_ACT},
    ),
    "republish": (
        "POST",
        "/moderation/stories/{id}/republish",
        "unpublished",
        {},
        {**NOT_PUBLIC, **MODERATORS_ACT},
    ),
    "restore": (
        "POST",
        "/moderation/stories/{id}/restore",
        "hidden",
        {},
        {**NOT_PUBLIC, **MODERATORS_ACT},
    ),
    "dismiss reports": (
        "POST",
        "/moderation/stories/{id}/dismiss-reports",
        "reported",
        {},
        {**PUBLIC, **MODERATORS_ACT},
    ),
}
POST_ROUTES = [name for name, (method, *_) in ROUTES.items() if method == "POST"]


def _log_count() -> int:
    return db.session.scalar(select(func.count(ModerationLogEntry.id)))


CASES = [(route, who) for route in ROUTES for who in PEOPLE]


@pytest.mark.parametrize(("route", "who"), CASES, ids=[f"{r}-{w}" for r, w in CASES])
def test_role_route_table(client, world, route, who):
    method, path, story_key, data, expected = ROUTES[route]
    story = world.stories[story_key] if story_key else None
    path = path.format(id=story.id if story else 0, pending=world.stories["pending"].id)
    if who != "anonymous":
        login(client, world.people[who])
    before = (story.status, story.version, story.featured_at) if story else None
    logged_before = _log_count()
    if method == "POST":
        response = client.post(path, data={"version": story.version, **data})
    else:
        response = client.get(path)
    assert_status(response, expected[who])
    if method == "POST" and expected[who] != 302:
        story = reload(story)
        assert (story.status, story.version, story.featured_at) == before
        assert _log_count() == logged_before


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize(
    ("method", "suffix"), [("GET", ""), ("GET", "/edit"), ("POST", "/approve"), ("POST", "/edit")]
)
def test_an_unknown_story_gets_the_same_answer_as_one_you_may_not_see(
    client, world, who, method, suffix
):
    if who != "anonymous":
        login(client, world.people[who])
    path = f"/moderation/stories/999999{suffix}"
    response = client.get(path) if method == "GET" else client.post(path, data={"version": 1})
    assert_status(response, LOGIN if who == "anonymous" else 404)


def test_a_withdrawn_story_is_seen_only_by_its_author_and_the_moderators(client, world):
    story = make_story(world.people["author"], S.WITHDRAWN)
    path = f"/moderation/stories/{story.id}"
    for who, expected in [("resident", 404), ("author", 403), ("moderator", 200), ("admin", 200)]:
        login(client, world.people[who])
        assert_status(client.get(path), expected)
        client.post("/logout")


# --- CSRF ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("route", POST_ROUTES)
def test_every_action_needs_the_csrf_token(client, world, csrf_on, route):
    _, path, story_key, data, _ = ROUTES[route]
    story = world.stories[story_key]
    moderator = world.people["moderator"]
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    client.post(
        "/login",
        data={"email": moderator.email, "password": "correct horse battery", "csrf_token": token},
    )
    before = (story.status, story.version, story.featured_at, story.title)
    logged_before = _log_count()
    response = client.post(path.format(id=story.id), data={"version": story.version, **data})
    assert response.status_code == 400
    story = reload(story)
    assert (story.status, story.version, story.featured_at, story.title) == before
    assert _log_count() == logged_before
    # With the token the moderation page gives, the same action goes through.
    page = client.get(f"/moderation/stories/{story.id}").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = client.post(
        path.format(id=story.id), data={"version": story.version, "csrf_token": token, **data}
    )
    assert response.status_code == 302
    assert _log_count() == logged_before + 1
