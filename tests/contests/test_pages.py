"""Contests as pages: who may do what on every route of the contest and its staff tools, the
list and the contest page, and CSRF on every change."""

from __future__ import annotations

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest

from app.accounts.models import Role
from app.clock import utcnow
from app.contests.models import ContestDateChange
from app.contests.states import ContestPhase, DateChangeKind
from app.extensions import db
from tests.contests.factories import assign_reviewer, make_contest
from tests.factories import login, make_area, make_user, reload
from tests.roles import LOGIN, assert_status, expect

ROLES = [Role.RESIDENT, Role.ORG_MEMBER, Role.MODERATOR, Role.STAFF, Role.ADMIN]
PEOPLE = ["anonymous", *[r.value for r in ROLES]]


@pytest.fixture
def client(english_client):
    return english_client


def future_form_date(days: int) -> str:
    """A `datetime-local` value `days` from now (on the Seoul clock it is about the same)."""
    return (utcnow() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def valid_contest_form(**changes) -> dict:
    data = {
        "title_ko": "2027 희망 컨소시엄 공모",
        "title_en": "2027 Hope consortium contest",
        "description_ko": "이웃을 돕는 협력 사업",
        "description_en": "Projects for neighbours",
        "total_budget": "100000000",
        "max_per_proposal": "30000000",
        "min_organisations": "3",
        "criteria-0-name_ko": "필요성",
        "criteria-0-name_en": "Need",
        "criteria-0-weight": "60",
        "criteria-1-name_ko": "실현 가능성",
        "criteria-1-name_en": "Feasibility",
        "criteria-1-weight": "40",
        "opens_at": future_form_date(3),
        "closes_at": future_form_date(30),
        "results_at": future_form_date(60),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


# --- who may do what: the role x route table ---------------------------------------------------


@pytest.fixture
def world():
    """A draft, an open contest (with a reviewer who has not scored), one person per role."""
    draft = make_contest(ContestPhase.DRAFT, title_en="Draft contest")
    open_ = make_contest(ContestPhase.OPEN, title_en="Open contest")
    assignment_user = assign_reviewer(open_)
    assignment = open_.reviewers[0]
    assert assignment.user_id == assignment_user.id
    newcomer = make_user(email="newcomer@example.org")
    people = {role.value: make_user(role) for role in ROLES}
    return SimpleNamespace(
        draft=draft, open=open_, assignment=assignment, newcomer=newcomer, people=people
    )


def _expect(default, **exceptions):
    return expect(PEOPLE, default, **exceptions)


STAFF_ONLY = {"anonymous": LOGIN, "staff": 200, "admin": 200}
STAFF_REDIRECT = {"anonymous": LOGIN, "staff": 302, "admin": 302}

ROUTES = {
    "list": ("GET", "/contests", None, _expect(200)),
    "open contest": ("GET", "/contests/{open}", None, _expect(200)),
    "draft contest": ("GET", "/contests/{draft}", None, _expect(404, staff=200, admin=200)),
    "missing contest": ("GET", "/contests/999999", None, _expect(404)),
    "new": ("GET", "/contests/new", None, _expect(403, **STAFF_ONLY)),
    "create": ("POST", "/contests/new", valid_contest_form, _expect(403, **STAFF_REDIRECT)),
    "edit draft": ("GET", "/contests/{draft}/edit", None, _expect(403, **STAFF_ONLY)),
    "edit open": ("GET", "/contests/{open}/edit", None, _expect(403, **STAFF_ONLY)),
    "save draft": (
        "POST",
        "/contests/{draft}/edit",
        valid_contest_form,
        _expect(403, **STAFF_REDIRECT),
    ),
    "save open texts": (
        "POST",
        "/contests/{open}/edit",
        lambda: {"title_ko": "새 제목"},
        _expect(403, **STAFF_REDIRECT),
    ),
    # Staff asking for a contest that does not exist get 404; others learn nothing.
    "edit missing": (
        "GET",
        "/contests/999999/edit",
        None,
        _expect(403, anonymous=LOGIN, staff=404, admin=404),
    ),
    "close early": (
        "POST",
        "/contests/{open}/close",
        lambda: {"close-reason": "예산 소진"},
        _expect(403, **STAFF_REDIRECT),
    ),
    "extend": (
        "POST",
        "/contests/{open}/extend",
        lambda: {"extend-closes_at": future_form_date(15), "extend-reason": "요청 많음"},
        _expect(403, **STAFF_REDIRECT),
    ),
    "reviewers": ("GET", "/contests/{open}/reviewers", None, _expect(403, **STAFF_ONLY)),
    "assign reviewer": (
        "POST",
        "/contests/{open}/reviewers",
        lambda: {"email": "newcomer@example.org"},
        _expect(403, **STAFF_REDIRECT),
    ),
    "remove reviewer": (
        "POST",
        "/contests/{open}/reviewers/{assignment}/remove",
        None,
        _expect(403, **STAFF_REDIRECT),
    ),
    "export proposals": (
        "GET",
        "/contests/{open}/proposals.csv",
        None,
        _expect(403, **STAFF_ONLY),
    ),
    "export scores": ("GET", "/contests/{open}/scores.csv", None, _expect(403, **STAFF_ONLY)),
    "export of a draft": (
        "GET",
        "/contests/{draft}/proposals.csv",
        None,
        _expect(403, **STAFF_ONLY),
    ),
}


def _path(template: str, world) -> str:
    return template.format(open=world.open.id, draft=world.draft.id, assignment=world.assignment.id)


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("route", list(ROUTES))
def test_role_route_table(client, world, route, who):
    method, template, data, expected = ROUTES[route]
    if who != "anonymous":
        login(client, world.people[who])
    response = client.open(_path(template, world), method=method, data=data() if data else None)
    assert_status(response, expected[who])


def test_the_staff_routes_change_nothing_for_others(client, world):
    """The table's refusals really refuse: nothing is closed, extended, assigned or removed."""
    login(client, world.people["moderator"])
    deadline = world.open.closes_at
    client.post(f"/contests/{world.open.id}/close", data={"close-reason": "x"})
    client.post(
        f"/contests/{world.open.id}/extend",
        data={"extend-closes_at": future_form_date(15), "extend-reason": "x"},
    )
    client.post(f"/contests/{world.open.id}/reviewers", data={"email": "newcomer@example.org"})
    client.post(f"/contests/{world.open.id}/reviewers/{world.assignment.id}/remove")
    contest = reload(world.open)
    assert contest.closes_at == deadline
    assert contest.date_changes == []
    assert [r.user_id for r in contest.reviewers] == [world.assignment.user_id]


def test_a_reviewer_assignment_of_another_contest_is_not_found(client, world):
    other = make_contest(ContestPhase.OPEN)
    assign_reviewer(other)
    login(client, world.people["staff"])
    path = f"/contests/{world.open.id}/reviewers/{other.reviewers[0].id}/remove"
    assert client.post(path).status_code == 404
    assert len(reload(other).reviewers) == 1


# --- CSRF ----------------------------------------------------------------------------------------

POST_ROUTES = [name for name, (method, *_rest) in ROUTES.items() if method == "POST"]


@pytest.mark.parametrize("route", POST_ROUTES)
def test_every_change_needs_a_csrf_token(client, world, request, route):
    _, template, data, _expected = ROUTES[route]
    login(client, world.people["staff"])
    request.getfixturevalue("csrf_on")
    deadline = world.open.closes_at
    response = client.post(_path(template, world), data=data() if data else None)
    assert response.status_code == 400
    contest = reload(world.open)
    assert contest.closes_at == deadline
    assert contest.title_ko == world.open.title_ko
    assert len(contest.reviewers) == 1


def test_the_staff_forms_carry_csrf_tokens(client, world, request):
    login(client, world.people["staff"])
    request.getfixturevalue("csrf_on")
    pages = [
        f"/contests/{world.open.id}",
        f"/contests/{world.open.id}/reviewers",
        f"/contests/{world.draft.id}/edit",
        "/contests/new",
    ]
    for path in pages:
        page = client.get(path).get_data(as_text=True)
        forms = re.findall(r"<form[^>]*method=\"post\".*?</form>", page, re.S)
        assert len(forms) >= 2, path  # the page's own, and the language switch
        assert all("csrf_token" in form for form in forms), path


# --- the list ------------------------------------------------------------------------------------


def test_the_list_hides_drafts_from_the_public_newest_first(client, world):
    later = make_contest(ContestPhase.OPEN, title_en="Newest open contest")
    later.opens_at = utcnow() - timedelta(hours=1)
    finished = make_contest(ContestPhase.RESULTS, title_en="Finished contest")
    db.session.flush()
    page = client.get("/contests").get_data(as_text=True)
    assert "Draft contest" not in page
    titles = re.findall(r'<h2><a href="/contests/\d+">(.*?)</a></h2>', page)
    assert titles == ["Newest open contest", "Open contest", "Finished contest"]
    assert later.id and finished.id
    assert "Open for proposals" in page and "Results published" in page
    assert "₩100,000,000" in page


@pytest.mark.parametrize("role", [Role.STAFF, Role.ADMIN])
def test_staff_see_drafts_in_the_list_marked(client, world, role):
    login(client, world.people[role.value])
    page = client.get("/contests").get_data(as_text=True)
    assert "Draft contest" in page
    assert "Draft: only staff see it." in page
    assert 'href="/contests/new"' in page


def test_the_list_is_paginated(client):
    for n in range(21):
        make_contest(ContestPhase.OPEN, title_en=f"Contest {n}")
    first = client.get("/contests").get_data(as_text=True)
    second = client.get("/contests?page=2").get_data(as_text=True)
    assert first.count('<li class="card">') == 20
    assert second.count('<li class="card">') == 1
    assert "Page 2 of 2" in second


def test_the_list_shows_seoul_time(client):
    contest = make_contest(ContestPhase.OPEN)
    contest.closes_at = contest.closes_at.replace(hour=9, minute=0, second=0, microsecond=0)
    db.session.flush()
    page = client.get("/contests").get_data(as_text=True)
    assert "6:00:00\u202fPM" in page or "6:00:00 PM" in page  # 09:00 UTC is 18:00 in Seoul


# --- the contest page ----------------------------------------------------------------------------


def test_the_page_shows_the_terms_in_the_readers_language(client, app):
    area = make_area(name_en="Hope-dong")
    contest = make_contest(
        ContestPhase.OPEN, target_areas=[area], min_organisations=3, max_per_proposal=30_000_000
    )
    page = client.get(f"/contests/{contest.id}").get_data(as_text=True)
    assert "<h1>Ondol for Hope consortium contest</h1>" in page
    assert "Projects by consortia for neighbours." in page
    assert "Open for proposals" in page
    assert "₩100,000,000" in page and "₩30,000,000" in page
    assert "At least 3 organisations, the lead included" in page
    assert "Hope-dong" in page
    assert re.search(r"<td>Need</td><td>40%</td>", page)
    assert "Times are Seoul time." in page
    korean = app.test_client()
    korean_page = korean.get(f"/contests/{contest.id}").get_data(as_text=True)
    assert "<h1>희망온돌 컨소시엄 공모</h1>" in korean_page
    assert "필요성" in korean_page


def test_a_contest_for_the_whole_city_says_so(client):
    contest = make_contest(ContestPhase.OPEN)
    assert "The whole city" in client.get(f"/contests/{contest.id}").get_data(as_text=True)


def test_an_english_title_falls_back_to_korean(client):
    contest = make_contest(ContestPhase.OPEN, title_en=None)
    page = client.get(f"/contests/{contest.id}").get_data(as_text=True)
    assert "<h1>희망온돌 컨소시엄 공모</h1>" in page


def test_the_date_changes_are_on_record_and_staff_see_who(client):
    contest = make_contest(ContestPhase.OPEN)
    staff = make_user(Role.STAFF, display_name="Park Staff")
    contest.date_changes.append(
        ContestDateChange(
            kind=DateChangeKind.EXTEND,
            old_at=contest.closes_at - timedelta(days=3),
            new_at=contest.closes_at,
            reason="Many organisations asked for more time",
            changed_by=staff,
        )
    )
    db.session.flush()
    public = client.get(f"/contests/{contest.id}").get_data(as_text=True)
    assert "Deadline extended" in public
    assert "Many organisations asked for more time" in public
    assert "Park Staff" not in public
    login(client, staff)
    assert "Park Staff" in client.get(f"/contests/{contest.id}").get_data(as_text=True)


def test_staff_tools_on_the_page_follow_the_phase(client):
    staff = make_user(Role.STAFF)
    open_ = make_contest(ContestPhase.OPEN)
    review = make_contest(ContestPhase.REVIEW)
    results = make_contest(ContestPhase.RESULTS)
    login(client, staff)
    page = client.get(f"/contests/{open_.id}").get_data(as_text=True)
    assert f'action="/contests/{open_.id}/close"' in page
    assert f'action="/contests/{open_.id}/extend"' in page
    assert f'href="/contests/{open_.id}/edit"' in page
    assert f'href="/contests/{open_.id}/reviewers"' in page
    assert f'href="/contests/{open_.id}/proposals.csv"' in page
    assert f'href="/contests/{open_.id}/scores.csv"' in page
    page = client.get(f"/contests/{review.id}").get_data(as_text=True)
    assert "/close" not in page and f'action="/contests/{review.id}/extend"' in page
    page = client.get(f"/contests/{results.id}").get_data(as_text=True)
    assert "/close" not in page and "/extend" not in page


def test_the_public_page_has_no_staff_tools(client):
    contest = make_contest(ContestPhase.OPEN)
    login(client, make_user(Role.MODERATOR))
    page = client.get(f"/contests/{contest.id}").get_data(as_text=True)
    for path in ("/close", "/extend", "/edit", "/reviewers", ".csv"):
        assert path not in page


def test_a_draft_says_it_is_hidden(client):
    contest = make_contest(ContestPhase.DRAFT)
    login(client, make_user(Role.STAFF))
    page = client.get(f"/contests/{contest.id}").get_data(as_text=True)
    assert "Only staff see this contest until it opens" in page
