"""The staff map of open reports: a shell with no point in the page, the exact points from a
JSON endpoint for the staff of the reports' areas only, each report served logged once."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.access_log import AccessLogEntry
from app.accounts.models import Role
from app.extensions import db
from app.reports.models import Report, ReportOutcome
from app.reports.triage import close
from tests.factories import login, make_user
from tests.reports.test_reports import IN_FIRST, IN_SECOND, dongs, send  # noqa: F401
from tests.roles import LOGIN, assert_status, expect

POINTS = "/api/staff/reports/points"


def new_report(app, at=IN_FIRST) -> Report:
    send(app.test_client(), at=at)
    return db.session.scalars(select(Report).order_by(Report.id.desc())).first()


def logged(report: Report) -> list[str | None]:
    return list(
        db.session.scalars(
            select(AccessLogEntry.route).where(
                AccessLogEntry.subject_kind == "report", AccessLogEntry.subject_id == report.id
            )
        )
    )


@pytest.fixture
def world(app, dongs):  # noqa: F811
    gu, first, second = dongs
    return {
        "here": new_report(app),
        "there": new_report(app, at=IN_SECOND),
        "first": make_user(Role.STAFF, staff_areas=[first]),
        "second": make_user(Role.STAFF, staff_areas=[second]),
        "gu": make_user(Role.STAFF, staff_areas=[gu]),
    }


def client_of(app, person):
    client = app.test_client()
    login(client, person)
    return client


def test_the_page_holds_no_point_and_no_cdn(app, world):
    html = client_of(app, world["first"]).get("/staff/reports/map").get_data(as_text=True)
    assert POINTS in html and "126.975" not in html and "37.565" not in html
    assert "cdn" not in html.lower() and "unpkg" not in html
    assert db.session.scalar(select(func.count(AccessLogEntry.id))) == 0


def test_each_point_served_is_a_logged_view_of_its_report_for_its_areas_staff_only(app, world):
    here, there = world["here"], world["there"]
    answer = client_of(app, world["first"]).get(POINTS)
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "private, no-store"
    features = answer.get_json()["features"]
    assert [f["properties"]["number"] for f in features] == [here.id]
    assert features[0]["geometry"]["coordinates"] == pytest.approx([126.975, 37.565])
    assert logged(here) == ["staff_map.points"] and logged(there) == []
    client_of(app, world["gu"]).get(POINTS)  # the gu's staff: both dongs, one row each
    assert len(logged(here)) == 2 and logged(there) == ["staff_map.points"]


def test_a_closed_report_leaves_the_map(app, world):
    close(world["here"], world["first"], ReportOutcome.NO_NEED)
    db.session.commit()
    features = client_of(app, world["first"]).get(POINTS).get_json()["features"]
    assert features == [] and logged(world["here"]) == []


PEOPLE = ("anonymous", "resident", "staff", "admin_without_area")
STAFF_ONLY = expect(PEOPLE, 403, anonymous=LOGIN, staff=200, admin_without_area=200)
STAFF_MAP_ROUTES = {
    "map page": ("GET", "/staff/reports/map", STAFF_ONLY),
    "points": ("GET", POINTS, STAFF_ONLY),
}


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("route", STAFF_MAP_ROUTES)
def test_who_gets_the_staff_map(app, world, route, who):
    _method, path, expected = STAFF_MAP_ROUTES[route]
    person = {
        "anonymous": None,
        "resident": make_user(),
        "staff": world["first"],
        "admin_without_area": make_user(Role.ADMIN),
    }[who]
    client = app.test_client() if person is None else client_of(app, person)
    response = client.get(path)
    assert_status(response, expected[who])
    if who == "admin_without_area" and path == POINTS:
        assert response.get_json()["features"] == []  # no area: nothing to see
