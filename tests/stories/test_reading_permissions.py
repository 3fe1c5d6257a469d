"""The role x route table of reading stories: the list, the feed, a story's page, reporting."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from app.accounts.models import Role
from app.stories.models import StoryStatus
from tests.factories import login, make_user
from tests.roles import SIGNED_OUT, assert_status, expect
from tests.stories.factories import make_story

PEOPLE = ("anonymous", "reader", "author", "moderator", "staff", "admin")
MODERATORS = {"moderator": 200, "admin": 200}


def row(default, **exceptions):
    return expect(PEOPLE, default, **exceptions)


# name: (method, path, form data, expected per person)
ROUTES = {
    "list": ("GET", "/stories", None, row(200)),
    "feed": ("GET", "/stories/feed.atom", None, row(200)),
    "published story": ("GET", "/stories/{published}", None, row(200)),
    # Not yet published: it exists only for its author and the moderators.
    "pending story": ("GET", "/stories/{pending}", None, row(404, author=200, **MODERATORS)),
    "report": (
        "POST",
        "/stories/{published}/report",
        {"reason": "Names a neighbour"},
        row(302, **SIGNED_OUT, author=403),
    ),
    "report a pending story": (
        "POST",
        "/stories/{pending}/report",
        {"reason": "Names a neighbour"},
        # Nobody may report what is not public; those who cannot see it learn nothing of it.
        row(404, **SIGNED_OUT, author=403, moderator=403, admin=403),
    ),
}


@pytest.fixture
def world():
    author = make_user()
    people = {
        "anonymous": None,
        "reader": make_user(),
        "author": author,
        "moderator": make_user(Role.MODERATOR),
        "staff": make_user(Role.STAFF),
        "admin": make_user(Role.ADMIN),
    }
    return SimpleNamespace(
        people=people,
        published=make_story(author),
        pending=make_story(author, StoryStatus.PENDING),
    )


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("route", ROUTES)
def test_who_gets_what(client, world, route, who):
    method, template, data, expected = ROUTES[route]
    if world.people[who] is not None:
        login(client, world.people[who])
    path = template.format(published=world.published.id, pending=world.pending.id)
    response = client.get(path) if method == "GET" else client.post(path, data=data)
    assert_status(response, expected[who])
