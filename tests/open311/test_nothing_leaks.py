"""A unique marker typed into every field of a report sent through Open311, and of a check-in
member (and the report their missed check-ins raised), appears in no public page, API answer,
export or feed, nor in any Open311 answer in JSON or XML, for anyone signed out or signed in
as a resident."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from app.accounts.models import Role
from app.areas.models import AreaLevel
from app.checkins.scan import scan_missed_checkins
from app.extensions import db
from app.open311.services import add_partner
from app.reports.models import Report, ReportChannel
from tests.checkins.factories import make_group, make_member
from tests.factories import login, make_area, make_category, make_pin, make_user
from tests.reports.test_report_privacy import every_get_url

AT = (126.97537, 37.56521)  # the report's exact point, inside the dong below
MARKERS = {
    "description": "Seen-Secret-O1 the man in 101",
    "first_name": "Name-Secret-O2",
    "last_name": "박비밀",
    "phone": "010-5151-8282",
    "attribute[partner_request_id]": "Request-Secret-O3",
}
MEMBER = {"label": "Label-Secret-C1", "name": "Member-Secret-C2", "phone": "010-6161-9393"}
POINT_SPELLINGS = ("126.97537", "37.56521", "126.9754", "37.5652")
API = "/open311/v2"


@pytest.fixture
def world(app):
    gu = make_area(level=AreaLevel.GU, bounds=(126.96, 37.55, 127.00, 37.58))
    dong = make_area(parent=gu, bounds=(126.97, 37.56, 126.98, 37.57))
    category = make_category(slug="meals")
    make_pin(category=category, lon=126.9712, lat=37.5612)  # something public to list
    partner = add_partner("Hotline", "desk", make_user())
    response = app.test_client().post(
        f"{API}/requests.json",
        data={
            "api_key": partner.key,
            "service_code": "report-isolation",
            "long": str(AT[0]),
            "lat": str(AT[1]),
            "attribute[about]": "neighbour",
            **MARKERS,
        },
    )
    assert response.status_code == 200
    group = make_group(dong, missed_limit=1)
    make_member(group, joined_days_ago=2, **MEMBER)
    assert scan_missed_checkins() == 1
    channels = {r.channel for r in db.session.scalars(select(Report))}
    assert channels == {ReportChannel.OPEN311, ReportChannel.CHECKIN}
    report = db.session.scalars(select(Report).order_by(Report.id)).first()
    return {"report": report, "dong": dong, "gu": gu}


def open311_urls(world) -> list[str]:
    report_ids = [str(r.id) for r in db.session.scalars(select(Report))]
    urls = []
    for fmt in ("json", "xml"):
        urls += [
            f"{API}/discovery.{fmt}",
            f"{API}/services.{fmt}",
            f"{API}/services/report-isolation.{fmt}",
            f"{API}/requests.{fmt}",
            f"{API}/requests.{fmt}?status=open,closed&service_code=report-isolation,need-meals",
        ]
        urls += [
            f"{API}/requests/{prefix}-{i}.{fmt}"
            for prefix in ("need", "offer", "report")
            for i in report_ids
        ]
    return urls


def test_no_public_output_or_open311_answer_gives_a_report_or_member_away(app, world):
    visitors = {"anonymous": app.test_client(), "resident": app.test_client()}
    login(visitors["resident"], make_user())
    secrets = (*MARKERS.values(), *MEMBER.values(), *POINT_SPELLINGS)
    urls = every_get_url(app, world) + open311_urls(world)
    leaks, server_errors, open311_answers = [], [], 0
    for who, client in visitors.items():
        for url in urls:
            response = client.get(url, buffered=True)
            if response.status_code >= 500:
                server_errors.append(f"{url}: {response.status_code}")
            if url.startswith(API) and response.status_code == 200:
                open311_answers += 1
            body = response.get_data(as_text=True) + str(response.headers)
            leaks += [f"{secret} in {url} ({who})" for secret in secrets if secret in body]
    assert open311_answers >= 20 and not server_errors, server_errors
    assert not leaks, "\n".join(leaks[:20])
    listed = json.loads(visitors["anonymous"].get(f"{API}/requests.json").get_data(as_text=True))
    assert [item["service_code"] for item in listed] == ["need-meals"]  # the listing works
    # The search can see: the dong's staff read the words on the report's own page.
    staff = app.test_client()
    login(staff, make_user(Role.STAFF, staff_areas=[world["dong"]]))
    page = staff.get(f"/staff/reports/{world['report'].id}").get_data(as_text=True)
    assert MARKERS["description"] in page
