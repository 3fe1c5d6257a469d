"""A dong's round for a day: plan a visit for a report, add the day's planned visits, reorder
with POST buttons, assign visitors of the dong, and print it as a PDF whose download asks a
reason and writes one access-log row per record it prints."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.access_log import AccessLogEntry
from app.extensions import db
from app.visits.models import Visit
from tests.factories import field_error, login, reload
from tests.roles import LOGIN, assert_status, expect
from tests.visits.world import PEOPLE, build_world, make_visit

SIGNED_OUT = {"anonymous": LOGIN}
HERE = expect(PEOPLE, 403, staff_here=200, **SIGNED_OUT)
HERE_POST = expect(PEOPLE, 403, staff_here=302, **SIGNED_OUT)
ROUTES = {
    "round": ("GET", "/staff/visits/rounds/{dong}", HERE),
    "plan (empty)": ("POST", "/staff/visits/rounds/{dong}/plan", HERE),
    "add planned": ("POST", "/staff/visits/rounds/{dong}/add-planned", HERE_POST),
    "add one": ("POST", "/staff/visits/{visit}/add", HERE_POST),
    "move": ("POST", "/staff/visits/{visit}/move", HERE_POST),
    "assign": ("POST", "/staff/visits/{visit}/visitors", HERE_POST),
    "print form": ("GET", "/staff/visits/rounds/{dong}/pdf", HERE),
    "print (no reason)": ("POST", "/staff/visits/rounds/{dong}/pdf", HERE),
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
    path = template.format(dong=world.dong.id, visit=world.visit.id)
    response = client.get(path) if method == "GET" else client.post(path, data={})
    assert_status(response, expected[who])


@pytest.fixture
def staff(app, world):
    client = app.test_client()
    login(client, world.people["staff_here"])
    return client


def order(world) -> list[int]:
    return list(
        db.session.scalars(
            select(Visit.id)
            .where(Visit.dong_id == world.dong.id, Visit.round_position.is_not(None))
            .order_by(Visit.round_position)
        )
    )


def test_staff_build_and_reorder_the_round(staff, world):
    day = world.today.isoformat()
    base = f"/staff/visits/rounds/{world.dong.id}"
    response = staff.post(
        f"{base}/plan?day={day}", data={"report_id": world.report.id, "kind": "phone"}
    )
    assert response.status_code == 302
    planned = db.session.scalars(select(Visit).order_by(Visit.id.desc())).first()
    assert order(world) == [world.visit.id, planned.id]
    assert staff.post(f"{base}/add-planned?day={day}").status_code == 302
    assert order(world) == [world.visit.id, planned.id, world.household_visit.id]
    staff.post(f"/staff/visits/{world.household_visit.id}/move", data={"direction": "up"})
    assert order(world) == [world.visit.id, world.household_visit.id, planned.id]
    staff.post(f"/staff/visits/{world.visit.id}/move", data={"direction": "up"})  # first: stays
    assert order(world)[0] == world.visit.id
    page = staff.get(f"{base}?day={day}").get_data(as_text=True)
    assert page.index(f'/visits/{world.visit.id}"') < page.index(f'/visits/{planned.id}"')


def test_a_report_of_another_dong_cannot_be_planned_here(staff, world):
    from tests.visits.world import make_report

    elsewhere = make_report(world.other)
    html = staff.post(
        f"/staff/visits/rounds/{world.dong.id}/plan",
        data={"report_id": elsewhere.id, "kind": "home"},
    ).get_data(as_text=True)
    assert field_error(html, "report_id")


def test_only_visitors_of_the_dong_can_be_assigned(staff, world):
    path = f"/staff/visits/{world.visit.id}/visitors"
    other = world.people["visitor_other"]
    staff.post(path, data={"visitors": [other.id]})
    assert [p.id for p in reload(world.visit).visitors] == [other.id]
    html = staff.post(path, data={"visitors": [world.people["staff_elsewhere"].id]}).get_data(
        as_text=True
    )
    assert [p.id for p in reload(world.visit).visitors] == [other.id]
    # At the stop's own field, on the round's page (not a message flashed above it).
    assert field_error(html, f"visitors-{world.visit.id}")


def test_the_pdf_asks_a_reason_and_logs_each_record_it_prints(staff, world):
    staff.post(f"/staff/visits/rounds/{world.dong.id}/add-planned")
    path = f"/staff/visits/rounds/{world.dong.id}/pdf?day={world.today.isoformat()}"
    html = staff.post(path, data={"reason": ""}).get_data(as_text=True)
    assert field_error(html, "reason")
    response = staff.post(path, data={"reason": "오늘 방문 순서"})
    assert response.status_code == 200
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF")
    assert response.headers["Cache-Control"] == "no-store"
    rows = db.session.scalars(
        select(AccessLogEntry).where(AccessLogEntry.action == "download")
    ).all()
    assert sorted((r.subject_kind, r.subject_id) for r in rows) == [
        ("report", world.report.id),
        ("sweep_household", world.household.id),
    ]
    assert {r.reason for r in rows} == {"오늘 방문 순서"}


def test_a_visit_of_another_day_is_not_in_todays_round(staff, world):
    from datetime import timedelta

    later = make_visit(world.dong, world.today + timedelta(days=1), report=world.report)
    staff.post(f"/staff/visits/rounds/{world.dong.id}/add-planned")
    assert later.id not in order(world)
