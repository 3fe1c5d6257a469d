"""Who may do what on the citizens' side of ideas: every route for every role, missing ideas and
comments, and the CSRF token on every POST."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from app.accounts.models import Role, User
from app.extensions import db
from app.ideas.models import CommentReport, Idea, IdeaComment, IdeaSupport
from tests.factories import login, make_category, make_user
from tests.ideas.factories import comment_on, make_idea, report_comment, support
from tests.roles import LOGIN, assert_status

ROLES = ["anonymous", "resident", "author", "another", "staff", "moderator", "admin"]
SIGNED_IN = ROLES[1:]


@dataclass
class World:
    idea: Idea
    comment: IdeaComment  # by the idea's author
    category_id: int
    people: dict[str, User]


@pytest.fixture
def client(english_client):
    return english_client


@pytest.fixture
def world() -> World:
    """`another` is a resident who already supports the idea and reported the comment."""
    author = make_user(Role.RESIDENT, display_name="Idea Author")
    people = {
        "resident": make_user(Role.RESIDENT),
        "author": author,
        "another": make_user(Role.RESIDENT),
        "staff": make_user(Role.STAFF),
        "moderator": make_user(Role.MODERATOR),
        "admin": make_user(Role.ADMIN),
    }
    idea = make_idea(author, title="Longer opening hours for winter shelters")
    comment = comment_on(idea, author, "Shelters close too early.")
    support(idea, people["another"])
    report_comment(comment, people["another"])
    return World(idea, comment, make_category().id, people)


def sign_in(client, world: World, who: str) -> User | None:
    if who == "anonymous":
        return None
    login(client, world.people[who])
    return world.people[who]


def expect(**exceptions) -> dict[str, object]:
    """Signed-in people get `signed_in`, anonymous people the login page, unless told."""
    signed_in = exceptions.pop("signed_in", 200)
    table = {"anonymous": exceptions.pop("anonymous", LOGIN)}
    table.update({who: exceptions.pop(who, signed_in) for who in SIGNED_IN})
    assert not exceptions
    return table


def count(model, *conditions) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model).where(*conditions))


# --- pages (GET) --------------------------------------------------------------------------------

PAGES = {
    "list": ("/ideas", expect(anonymous=200)),
    "idea": ("/ideas/{idea}", expect(anonymous=200)),
    "similar": ("/api/ideas/similar?title=winter+shelters", expect(anonymous=200)),
    "new": ("/ideas/new", expect()),
    "mine": ("/my/ideas", expect()),
    "accountability": ("/ideas/accountability", expect(anonymous=200)),
    "open data": ("/ideas/export.csv", expect(anonymous=200)),
}


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("page", PAGES)
def test_pages(client, world, who, page):
    path, table = PAGES[page]
    sign_in(client, world, who)
    assert_status(client.get(path.format(idea=world.idea.id)), table[who])


@pytest.mark.parametrize("who", ROLES)
def test_a_missing_idea_is_404_for_everyone(client, world, who):
    sign_in(client, world, who)
    assert client.get("/ideas/999999").status_code == 404


# --- actions (POST), each with its effect -------------------------------------------------------


@pytest.mark.parametrize("who", ROLES)
def test_submitting(client, world, who):
    sign_in(client, world, who)
    before = count(Idea)
    response = client.post(
        "/ideas/new",
        data={"title": "Free lunches", "body": "For older people.", "category": world.category_id},
    )
    assert_status(response, expect()[who] if who == "anonymous" else 302)
    assert count(Idea) == before + (who != "anonymous")
    if who != "anonymous":
        new_id = db.session.scalar(select(func.max(Idea.id)))
        assert response.headers["Location"] == f"/ideas/{new_id}"


@pytest.mark.parametrize("who", ROLES)
def test_supporting(client, world, who):
    """The author may not; `another` already does (refused cleanly); the rest may."""
    me = sign_in(client, world, who)
    response = client.post(f"/ideas/{world.idea.id}/support")
    assert_status(response, expect(signed_in=302, author=403)[who])
    supports = count(IdeaSupport, IdeaSupport.idea_id == world.idea.id)
    assert supports == (1 if who in ("anonymous", "author", "another") else 2)
    if me is not None and who != "author":
        assert count(IdeaSupport, IdeaSupport.user_id == me.id) == 1


@pytest.mark.parametrize("who", ROLES)
def test_withdrawing_support(client, world, who):
    """Only `another` supports the idea: the others are told they did not (no change)."""
    sign_in(client, world, who)
    response = client.post(f"/ideas/{world.idea.id}/unsupport")
    assert_status(response, expect(signed_in=302)[who])
    supports = count(IdeaSupport, IdeaSupport.idea_id == world.idea.id)
    assert supports == (0 if who == "another" else 1)


@pytest.mark.parametrize("who", ROLES)
def test_commenting(client, world, who):
    sign_in(client, world, who)
    response = client.post(
        f"/ideas/{world.idea.id}/comments", data={"new-comment-body": f"A comment by {who}"}
    )
    assert_status(response, expect(signed_in=302)[who])
    assert count(IdeaComment, IdeaComment.body == f"A comment by {who}") == (who != "anonymous")


@pytest.mark.parametrize("who", ROLES)
def test_reporting_a_comment(client, world, who):
    """Not one's own comment (403); once per reader (`another` already did: refused)."""
    me = sign_in(client, world, who)
    comment_id = world.comment.id
    response = client.post(
        f"/ideas/comments/{comment_id}/report", data={f"report-{comment_id}-reason": "Rude"}
    )
    assert_status(response, expect(signed_in=302, author=403)[who])
    reports = count(CommentReport, CommentReport.comment_id == comment_id)
    assert reports == (1 if who in ("anonymous", "author", "another") else 2)
    if me is not None and who != "author":
        assert count(CommentReport, CommentReport.reporter_id == me.id) == 1


MISSING = {
    "support": "/ideas/999999/support",
    "unsupport": "/ideas/999999/unsupport",
    "comment": "/ideas/999999/comments",
    "report": "/ideas/comments/999999/report",
}


@pytest.mark.parametrize("who", ["anonymous", "resident", "admin"])
@pytest.mark.parametrize("action", MISSING)
def test_actions_on_missing_ideas_and_comments(client, world, who, action):
    sign_in(client, world, who)
    response = client.post(MISSING[action], data={"new-comment-body": "x", "reason": "x"})
    assert_status(response, LOGIN if who == "anonymous" else 404)


# --- CSRF ---------------------------------------------------------------------------------------

POSTS = {
    "new": lambda w: ("/ideas/new", {"title": "T", "body": "B", "category": w.category_id}),
    "support": lambda w: (f"/ideas/{w.idea.id}/support", {}),
    "unsupport": lambda w: (f"/ideas/{w.idea.id}/unsupport", {}),
    "comment": lambda w: (f"/ideas/{w.idea.id}/comments", {"new-comment-body": "Hello"}),
    "report": lambda w: (
        f"/ideas/comments/{w.comment.id}/report",
        {f"report-{w.comment.id}-reason": "Rude"},
    ),
}


def everything() -> tuple[int, ...]:
    return tuple(count(m) for m in (Idea, IdeaSupport, IdeaComment, CommentReport))


@pytest.mark.parametrize("action", POSTS)
def test_every_post_needs_a_csrf_token(client, world, request, action):
    # Someone for whom the action would change data: only `another` supports the idea.
    login(client, world.people["another" if action == "unsupport" else "resident"])
    request.getfixturevalue("csrf_on")
    path, data = POSTS[action](world)
    before = everything()
    assert client.post(path, data=data).status_code == 400
    assert everything() == before


def test_the_idea_pages_forms_carry_the_csrf_token_and_it_works(client, world, request):
    login(client, world.people["resident"])
    request.getfixturevalue("csrf_on")
    page = client.get(f"/ideas/{world.idea.id}").get_data(as_text=True)
    forms = re.findall(r"<form[^>]*method=\"post\".*?</form>", page, re.S)
    # The language switch, logging out, supporting, reporting the comment, commenting.
    assert len(forms) >= 5
    # Prefixed forms (one report form per comment) name it e.g. "report-7-csrf_token".
    assert all(re.search(r'name="[\w-]*csrf_token"', form) for form in forms)
    token = re.search(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = client.post(f"/ideas/{world.idea.id}/support", data={"csrf_token": token})
    assert response.status_code == 302
    assert count(IdeaSupport, IdeaSupport.user_id == world.people["resident"].id) == 1
    new_page = client.get("/ideas/new").get_data(as_text=True)
    assert 'name="csrf_token"' in new_page
