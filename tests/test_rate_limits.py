"""The posting limit: one account cannot flood the map, the inbox, the moderators' queues or
other people's notifications: needs and offers, match proposals, organisations and requests to
join one, contest proposals, ideas, comments, stories and reports. Counted per account and
route; a refused post saves nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.accounts.models import Role
from app.areas.models import AreaLevel
from app.extensions import db
from app.ideas.models import Idea, IdeaComment
from app.pins.models import Pin, PinKind
from app.stories.models import Story, StoryReport
from tests.factories import (
    login,
    make_area,
    make_category,
    make_organisation,
    make_pin,
    make_user,
)
from tests.ideas.factories import make_idea
from tests.stories.factories import make_story

LIMIT = 3


@pytest.fixture(autouse=True)
def posting_limit(app, monkeypatch):
    monkeypatch.setitem(app.config, "POSTING_RATE_LIMIT", f"{LIMIT} per hour")


@pytest.fixture
def client(english_client):
    return english_client


def count(model) -> int:
    return db.session.scalar(select(func.count(model.id)))


def an_idea(category) -> dict:
    return {
        "title": "경로당 난방비 지원",
        "body": "겨울 난방비를 지원해 주세요.",
        "category": category.id,
    }


def test_ideas_past_the_limit_are_refused_and_not_saved(client):
    category = make_category()
    login(client, make_user())
    statuses = [client.post("/ideas/new", data=an_idea(category)).status_code for _ in range(4)]
    assert statuses == [302] * LIMIT + [429]
    assert count(Idea) == LIMIT
    page = client.post("/ideas/new", data=an_idea(category))
    assert page.status_code == 429 and "Too many attempts" in page.get_data(as_text=True)


def test_the_count_is_per_account_not_per_address(app, client):
    category = make_category()
    login(client, make_user())
    for _ in range(LIMIT):
        client.post("/ideas/new", data=an_idea(category))
    assert client.post("/ideas/new", data=an_idea(category)).status_code == 429
    neighbour = app.test_client()  # the same address (the test client's), another account
    login(neighbour, make_user())
    assert neighbour.post("/ideas/new", data=an_idea(category)).status_code == 302


def test_reading_and_the_form_are_never_limited(client):
    login(client, make_user())
    for _ in range(LIMIT + 2):
        assert client.get("/ideas/new").status_code == 200
        assert client.get("/stories/new").status_code == 200


def test_comments_have_a_count_of_their_own(client):
    category = make_category()
    idea = make_idea(category=category)
    login(client, make_user())
    for _ in range(LIMIT):
        client.post("/ideas/new", data=an_idea(category))
    path = f"/ideas/{idea.id}/comments"
    statuses = [client.post(path, data={"new-comment-body": "좋은 생각입니다"}).status_code]
    statuses += [
        client.post(path, data={"new-comment-body": f"덧붙임 {n}"}).status_code for n in range(3)
    ]
    assert statuses == [302] * LIMIT + [429]
    assert count(IdeaComment) == LIMIT


def test_stories_and_reports_are_limited_too(client):
    author = make_user()
    login(client, author)
    data = {"title": "함께 나른 연탄", "body": "이웃이 함께 날랐습니다.", "language": "ko"}
    statuses = [client.post("/stories/new", data=data).status_code for _ in range(LIMIT + 1)]
    assert statuses == [302] * LIMIT + [429]
    assert count(Story) == LIMIT

    reader = make_user(Role.RESIDENT)
    client.post("/logout")
    login(client, reader)
    stories = [make_story() for _ in range(LIMIT + 1)]
    statuses = [
        client.post(f"/stories/{story.id}/report", data={"reason": "광고입니다"}).status_code
        for story in stories
    ]
    assert statuses == [302] * LIMIT + [429]
    assert count(StoryReport) == LIMIT


def a_pin(category, title: str) -> dict:
    return {
        "category": str(category.id),
        "title": title,
        "description": "겨울을 날 연탄이 필요합니다.",
        "longitude": "126.97791",
        "latitude": "37.56634",
        "for_whom": "me",  # (a need asks whom it is for; an offer does not)
    }


def test_needs_and_offers_past_the_limit_are_refused_and_not_saved(client):
    """Five residents posting needs without pause put 2,055 on the map in a few minutes."""
    gu = make_area(level=AreaLevel.GU, bounds=(126.90, 37.50, 127.05, 37.60))
    make_area(parent=gu, bounds=(126.95, 37.55, 127.00, 37.58))
    category = make_category()
    login(client, make_user())
    kinds = ["need", "offer", "need", "offer"]  # one form, one count
    statuses = [
        client.post(f"/pins/new?kind={kind}", data=a_pin(category, f"연탄 {n}")).status_code
        for n, kind in enumerate(kinds)
    ]
    assert statuses == [302] * LIMIT + [429]
    assert count(Pin) == LIMIT
    assert {pin.kind for pin in db.session.scalars(select(Pin))} == {PinKind.NEED, PinKind.OFFER}
    assert client.get("/pins/new?kind=need").status_code == 200  # the form is still shown


# Every other route where a resident or an organisation member creates something others read.
# The limit is counted before the view looks at the form, so any form will do.
CREATING_ROUTES = {
    "match proposal": "/matches",
    "organisation": "/organisations/new",
    "request to join": "/organisations/{organisation}/join",
    "contest proposal": "/contests/1/proposals/new",
}


@pytest.mark.parametrize("route", CREATING_ROUTES.values(), ids=list(CREATING_ROUTES))
def test_every_route_that_creates_content_is_limited(client, route):
    organisation = make_organisation(representative=make_user(Role.ORG_MEMBER))
    make_pin(make_user())
    login(client, make_user(Role.ORG_MEMBER))
    path = route.format(organisation=organisation.id)
    statuses = [client.post(path, data={}).status_code for _ in range(LIMIT + 1)]
    assert 429 not in statuses[:LIMIT]
    assert statuses[LIMIT] == 429


def test_the_area_search_is_limited_per_person(app, client, monkeypatch):
    """The place finder asks as a person types: generous, but a scraper meets a wall."""
    monkeypatch.setitem(app.config, "SEARCH_RATE_LIMIT", f"{LIMIT} per minute")
    make_area(name_ko="역삼1동")
    answers = [client.get("/api/areas/search?q=역삼").status_code for _ in range(LIMIT + 1)]
    assert answers == [200] * LIMIT + [429]
    login(client, make_user())  # a person signed in has a count of their own
    assert client.get("/api/areas/search?q=역삼").status_code == 200
