"""Visits on a real database: who sees a visit (a visitor not assigned gets 403), each view
logged once naming whose record it was, the outcome recorded on the visit's day and locked
after it, later changes as amendments the database keeps append-only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError

from app.access_log import AccessLogEntry
from app.extensions import db
from app.visits.models import VisitAmendment, VisitOutcome
from tests.factories import field_error, login, reload
from tests.roles import LOGIN, assert_status, expect
from tests.visits.world import PEOPLE, build_world, make_visit

SIGNED_OUT = {"anonymous": LOGIN}
ASSIGNED = expect(PEOPLE, 403, visitor_assigned=200, staff_here=200, **SIGNED_OUT)
VISITING = expect(
    PEOPLE,
    403,
    visitor_assigned=200,
    visitor_other=200,
    staff_here=200,
    staff_elsewhere=200,
    admin=200,
    **SIGNED_OUT,
)
ROUTES = {
    "my visits today": ("GET", "/visits/today", VISITING),
    "a visit": ("GET", "/visits/{visit}", ASSIGNED),
    "its outcome (empty)": ("POST", "/visits/{visit}/outcome", ASSIGNED),
    "an amendment (empty)": ("POST", "/visits/{visit}/amend", ASSIGNED),
}


@pytest.fixture
def world():
    return build_world()


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("route", list(ROUTES))
def test_role_route_table(client, world, route, who):
    method, template, expected = ROUTES[route]
    if who != "anonymous":
        login(client, world.people[who])
    path = template.format(visit=world.visit.id)
    response = client.get(path) if method == "GET" else client.post(path, data={})
    assert_status(response, expected[who])


def views_of(kind: str, subject_id: int) -> list[AccessLogEntry]:
    return list(
        db.session.scalars(
            select(AccessLogEntry).where(
                AccessLogEntry.subject_kind == kind, AccessLogEntry.subject_id == subject_id
            )
        )
    )


def test_a_visitor_not_assigned_gets_403_and_nothing_is_logged(app, world):
    client = app.test_client()
    login(client, world.people["visitor_other"])
    assert client.get(f"/visits/{world.visit.id}").status_code == 403
    outcome = client.post(f"/visits/{world.visit.id}/outcome", data={"outcome": "refused"})
    assert outcome.status_code == 403
    assert reload(world.visit).outcome is None
    assert views_of("report", world.report.id) == []


@pytest.mark.parametrize("who", ["visitor_assigned", "staff_here"])
def test_each_view_writes_one_row_naming_whose_record(app, world, who):
    client = app.test_client()
    login(client, world.people[who])
    page = client.get(f"/visits/{world.visit.id}").get_data(as_text=True)
    assert "우편물이 쌓여 있어요" in page
    (row,) = views_of("report", world.report.id)
    assert row.action == "view" and row.actor_id == world.people[who].id
    page = client.get(f"/visits/{world.household_visit.id}").get_data(as_text=True)
    assert "김이웃" in page and "010-2222-3333" in page
    (row,) = views_of("sweep_household", world.household.id)
    assert row.action == "view"
    client.get(f"/visits/{world.visit.id}")
    assert len(views_of("report", world.report.id)) == 2


def test_my_visits_today_lists_only_mine(app, world):
    client = app.test_client()
    login(client, world.people["visitor_assigned"])
    page = client.get("/visits/today").get_data(as_text=True)
    assert f"/visits/{world.visit.id}" in page and f"/visits/{world.household_visit.id}" in page
    login(other := app.test_client(), world.people["visitor_other"])
    assert f"/visits/{world.visit.id}" not in other.get("/visits/today").get_data(as_text=True)


def test_the_outcome_is_recorded_on_the_visits_day(app, world):
    client = app.test_client()
    login(client, world.people["visitor_assigned"])
    day = (world.today + timedelta(days=14)).isoformat()
    response = client.post(
        f"/visits/{world.visit.id}/outcome",
        data={"outcome": "met_and_assessed", "notes": "난방비 지원 연계", "next_visit_on": day},
    )
    assert response.status_code == 302
    visit = reload(world.visit)
    assert visit.outcome == VisitOutcome.MET_AND_ASSESSED and visit.notes == "난방비 지원 연계"
    assert visit.recorded_by_id == world.people["visitor_assigned"].id
    assert [r.action for r in views_of("report", world.report.id)] == ["edit"]


@pytest.mark.parametrize("outcome", ["", "asleep"])
def test_a_bad_outcome_is_refused_at_its_field(app, world, outcome):
    client = app.test_client()
    login(client, world.people["visitor_assigned"])
    html = client.post(f"/visits/{world.visit.id}/outcome", data={"outcome": outcome})
    assert field_error(html.get_data(as_text=True), "outcome")
    assert reload(world.visit).outcome is None


def test_a_visit_of_a_past_day_is_locked_and_changed_by_amendments(app, world):
    yesterday = world.today - timedelta(days=1)
    visit = make_visit(world.dong, yesterday, report=world.report, notes="처음 메모")
    visit.outcome = VisitOutcome.NOT_HOME
    visit.visitors = [world.people["visitor_assigned"]]
    db.session.flush()
    client = app.test_client()
    login(client, world.people["visitor_assigned"])
    html = client.post(
        f"/visits/{visit.id}/outcome",
        data={"outcome": "refused"},
        headers={"Accept-Language": "en"},
    ).get_data(as_text=True)
    assert "record is locked" in html  # an amendment instead
    assert reload(visit).outcome == VisitOutcome.NOT_HOME
    html = client.post(
        f"/visits/{visit.id}/amend", data={"field": "outcome", "new_outcome": "refused"}
    )
    assert field_error(html.get_data(as_text=True), "reason")
    unchosen = client.post(
        f"/visits/{visit.id}/amend",
        data={"field": "outcome", "new_value": "refused", "reason": "확인"},
        headers={"Accept-Language": "en"},
    ).get_data(as_text=True)
    assert field_error(unchosen, "new_outcome") == "Choose the correct outcome."
    assert '<option value="refused">Refused</option>' in unchosen  # by its name, not its code
    response = client.post(
        f"/visits/{visit.id}/amend",
        data={"field": "outcome", "new_outcome": "refused", "reason": "다음날 전화로 확인"},
    )
    assert response.status_code == 302
    assert reload(visit).outcome == VisitOutcome.REFUSED
    (amendment,) = db.session.scalars(select(VisitAmendment)).all()
    assert (amendment.old_value, amendment.new_value) == ("not_home", "refused")
    page = client.get(f"/visits/{visit.id}").get_data(as_text=True)
    assert "다음날 전화로 확인" in page and "<form" in page and 'name="outcome"' not in page


def test_the_database_refuses_to_change_an_amendment(app, world):
    visit = make_visit(world.dong, world.today - timedelta(days=2), report=world.report)
    db.session.add(
        VisitAmendment(visit_id=visit.id, field="notes", old_value="", new_value="x", reason="오타")
    )
    db.session.flush()
    with pytest.raises(DatabaseError, match="append-only"), db.session.begin_nested():
        db.session.execute(text("UPDATE visit_amendments SET field = 'outcome'"))
    assert db.session.scalar(select(func.count(VisitAmendment.id))) == 1
