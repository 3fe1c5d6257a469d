"""Open311 GeoReport v2 on a real database: the services (JSON and XML), a partner's POST
making a private report (key required, replay answered with the first result, errors in the
spec's shape), the public needs and offers at their public points with the spec's filters,
never a report; no cookie, and no CSRF token needed for a key-authenticated POST."""

from __future__ import annotations

import json

import pytest
from defusedxml import ElementTree as ET
from sqlalchemy import func, select

from app.accounts.models import Role
from app.areas.models import AreaLevel
from app.extensions import db
from app.open311.models import Open311Request
from app.open311.services import add_partner, revoke_partner
from app.pins.models import PinKind
from app.pins.privacy import public_pin
from app.reports.models import CrisisType, Report, ReportAbout, ReportChannel, Urgency
from tests.factories import login, make_area, make_category, make_pin, make_user, reload
from tests.roles import assert_status, expect

AT = (126.97537, 37.56521)  # inside the dong below
INCHEON = (126.7052, 37.4563)  # served by nobody here
API = "/open311/v2"


@pytest.fixture
def client(english_client):
    return english_client


@pytest.fixture
def world():
    gu = make_area(level=AreaLevel.GU, bounds=(126.96, 37.55, 127.00, 37.58))
    dong = make_area(parent=gu, bounds=(126.97, 37.56, 126.98, 37.57))
    category = make_category(slug="briquettes")
    need = make_pin(category=category, lon=AT[0], lat=AT[1], title="연탄 나눔 부탁")
    partner = add_partner("129 보건복지상담센터", "상황실 02-000-0000", make_user())
    return {"dong": dong, "gu": gu, "category": category, "need": need, "partner": partner}


def post(client, world, **fields):
    data = {
        "api_key": world["partner"].key,
        "service_code": "report-isolation",
        "lat": str(AT[1]),
        "long": str(AT[0]),
        "description": "우편물이 쌓여 있어요",
        "attribute[about]": "neighbour",
        **fields,
    }
    return client.post(
        f"{API}/requests.json", data={k: v for k, v in data.items() if v is not None}
    )


def georeport_error(response) -> tuple[int, str]:
    (error,) = json.loads(response.get_data(as_text=True))
    assert error["code"] == response.status_code
    return error["code"], error["description"]


def reports() -> list[Report]:
    return list(db.session.scalars(select(Report)))


# --- services -----------------------------------------------------------------------------------


def test_services_list_public_categories_and_report_codes_in_json_and_xml(client, world):
    listed = json.loads(client.get(f"{API}/services.json").get_data(as_text=True))
    codes = {service["service_code"] for service in listed}
    assert {"need-briquettes", "offer-briquettes", "report-isolation"} <= codes
    assert {f"report-{c.value}" for c in CrisisType} <= codes
    response = client.get(f"{API}/services.xml")
    assert response.mimetype == "text/xml"
    root = ET.fromstring(response.get_data())
    assert root.tag == "services"
    assert {s.findtext("service_code") for s in root.findall("service")} == codes
    assert "Set-Cookie" not in response.headers


def test_a_report_service_defines_its_attributes(client, world):
    found = json.loads(client.get(f"{API}/services/report-health.json").get_data(as_text=True))
    attributes = {a["code"]: a for a in found["attributes"]}
    assert attributes["about"]["required"] is True
    assert {v["key"] for v in attributes["about"]["values"]} == {"self", "neighbour"}
    assert attributes["partner_request_id"]["datatype"] == "string"
    root = ET.fromstring(client.get(f"{API}/services/report-health.xml").get_data())
    assert [a.findtext("code") for a in root.find("attributes")] == [
        "about",
        "urgency",
        "partner_request_id",
    ]
    assert georeport_error(client.get(f"{API}/services/nothing.json"))[0] == 404


def test_discovery_names_the_endpoint(client, world):
    found = json.loads(client.get(f"{API}/discovery.json").get_data(as_text=True))
    (endpoint,) = found["endpoints"]
    assert endpoint["url"].endswith("/open311/v2")
    assert "application/json" in endpoint["formats"]


# --- POST requests ------------------------------------------------------------------------------


def test_a_partner_request_becomes_a_private_report_without_echoing_it(client, world):
    response = post(
        client,
        world,
        first_name="순자",
        last_name="김",
        phone="010-3030-4040",
        **{"attribute[urgency]": "this_week", "attribute[about]": "self"},
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    assert "Set-Cookie" not in response.headers
    body = response.get_data(as_text=True)
    ((answer),) = json.loads(body)
    assert set(answer) == {"service_request_id", "service_notice"}
    for private in ("순자", "010-3030-4040", "우편물"):
        assert private not in body
    (report,) = reports()
    assert report.channel == ReportChannel.OPEN311
    assert (report.about, report.urgency) == (ReportAbout.SELF, Urgency.THIS_WEEK)
    assert report.crisis_types == [CrisisType.ISOLATION]
    assert (report.person_name, report.person_phone) == ("김 순자", "010-3030-4040")
    assert report.what_was_seen == "우편물이 쌓여 있어요"
    assert report.reporter_id is None and report.dong_id == world["dong"].id
    request = db.session.scalars(select(Open311Request)).one()
    assert request.service_request_id == answer["service_request_id"]
    assert reload(world["partner"].partner).last_used_at is not None


def test_urgency_defaults_to_today(client, world):
    assert post(client, world).status_code == 200
    assert reports()[0].urgency == Urgency.TODAY


def test_the_same_request_sent_again_answers_the_first_result(client, world):
    first = post(client, world, **{"attribute[partner_request_id]": "CALL-2026-0001"})
    again = post(client, world, **{"attribute[partner_request_id]": "CALL-2026-0001"})
    assert first.get_data() == again.get_data()
    assert len(reports()) == 1
    other = add_partner("Bridge", "ops", make_user())
    assert post(client, {"partner": other}, **{"attribute[partner_request_id]": "CALL-2026-0001"})
    assert len(reports()) == 2  # another partner's id is its own


@pytest.mark.parametrize(
    ("key", "status"), [(None, 403), ("", 403), ("not-a-key", 403), ("x" * 5000, 403)]
)
def test_no_report_without_a_partners_key(client, world, key, status):
    response = post(client, world, api_key=key)
    assert georeport_error(response)[0] == status
    assert reports() == []


def test_a_revoked_key_is_refused(client, world):
    revoke_partner(world["partner"].partner)
    assert georeport_error(post(client, world))[0] == 403


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"service_code": "need-briquettes"}, "posted on the site by their authors"),
        ({"service_code": "report-unknown"}, "service_code must be one of the report services"),
        ({"lat": None}, "lat and long are required"),
        ({"long": "nan"}, "lat and long are required"),
        ({"lat": "91"}, "lat and long are required"),
        ({"description": " "}, "description is required"),
        ({"description": "x" * 4001}, "longer than 4000"),
        ({"attribute[about]": None}, "attribute[about] is required"),
        ({"attribute[urgency]": "yesterday"}, "attribute[urgency] must be"),
        ({"attribute[partner_request_id]": "x" * 65}, "longer than 64"),
        ({"first_name": "x" * 41}, "at most 40 characters"),
        ({"description": "주민번호 900101-1234567"}, "resident registration numbers"),
    ],
)
def test_bad_input_is_answered_in_the_georeport_error_shape(client, world, fields, words):
    code, description = georeport_error(post(client, world, **fields))
    assert code == 400 and words in description
    assert reports() == []


def test_a_place_no_dong_serves_is_refused(client, world):
    code, description = georeport_error(
        post(client, world, long=str(INCHEON[0]), lat=str(INCHEON[1]))
    )
    assert code == 400 and "not in a served neighbourhood" in description
    assert reports() == [] and db.session.scalar(select(func.count(Open311Request.id))) == 0


def test_errors_come_in_xml_too(client, world):
    response = client.post(f"{API}/requests.xml", data={"service_code": "report-health"})
    assert response.status_code == 403
    root = ET.fromstring(response.get_data())
    assert root.tag == "errors" and root.find("error").findtext("code") == "403"


def test_the_key_needs_no_csrf_token_and_no_cookie(client, world, csrf_on):
    assert post(client, world).status_code == 200
    assert len(reports()) == 1


def test_each_key_has_its_own_rate_limit(app, client, world, monkeypatch):
    monkeypatch.setitem(app.config, "OPEN311_RATE_LIMIT", "2 per minute")
    assert post(client, world).status_code == 200
    assert post(client, world).status_code == 200
    assert georeport_error(post(client, world))[0] == 429
    other = add_partner("Bridge", "ops", make_user())
    assert post(client, {"partner": other}).status_code == 200


# --- GET requests -------------------------------------------------------------------------------


def listed(client, **args) -> list[dict]:
    response = client.get(f"{API}/requests.json", query_string=args)
    assert response.status_code == 200, response.get_data(as_text=True)
    return json.loads(response.get_data(as_text=True))


def test_public_needs_are_listed_at_their_public_points_and_never_a_report(client, world):
    post(client, world)
    view = public_pin(world["need"])
    (item,) = listed(client)
    assert item["service_request_id"] == f"need-{world['need'].id}"
    assert (item["long"], item["lat"]) == (view.lon, view.lat)
    assert (item["long"], item["lat"]) != AT
    assert item["status"] == "open" and item["service_code"] == "need-briquettes"
    assert item["address"] == world["dong"].name_en
    assert listed(client, service_code="report-isolation") == []
    (answer,) = json.loads(post(client, world).get_data(as_text=True))
    response = client.get(f"{API}/requests/{answer['service_request_id']}.json")
    assert georeport_error(response)[0] == 404


def test_one_public_request_by_its_id(client, world):
    found = client.get(f"{API}/requests/need-{world['need'].id}.json")
    assert json.loads(found.get_data(as_text=True))[0]["description"].startswith("연탄 나눔 부탁")
    assert georeport_error(client.get(f"{API}/requests/offer-{world['need'].id}.json"))[0] == 404
    root = ET.fromstring(client.get(f"{API}/requests/need-{world['need'].id}.xml").get_data())
    assert root.tag == "service_requests" and root.find("request").findtext("status") == "open"


def test_requests_filter_by_service_status_and_dates(client, world):
    offer = make_pin(kind=PinKind.OFFER, category=world["category"], lon=AT[0], lat=AT[1])
    ids = {item["service_request_id"] for item in listed(client, service_code="offer-briquettes")}
    assert ids == {f"offer-{offer.id}"}
    assert len(listed(client, service_code="need-briquettes,offer-briquettes")) == 2
    assert listed(client, status="closed") == []
    assert len(listed(client, status="open")) == 2
    assert (
        listed(client, start_date="2020-01-01T00:00:00+09:00", end_date="2020-02-01T00:00:00Z")
        == []
    )
    assert len(listed(client, page_size="1")) == 1
    assert len(listed(client, page_size="1", page="2")) == 1


@pytest.mark.parametrize(
    "args",
    [
        {"start_date": "2026-12-01"},  # no offset
        {"start_date": "yesterday"},
        {"start_date": "2026-01-01T00:00:00+09:00", "end_date": "2026-12-01T00:00:00+09:00"},
        {"start_date": "2026-12-02T00:00:00Z", "end_date": "2026-12-01T00:00:00Z"},
        {"status": "pending"},
        {"page_size": "201"},
        {"page_size": "0"},
        {"page": "-1"},
    ],
)
def test_bad_filters_are_answered_in_the_georeport_error_shape(client, world, args):
    response = client.get(f"{API}/requests.json", query_string=args)
    assert georeport_error(response)[0] == 400


# --- who may do what ----------------------------------------------------------------------------

PEOPLE = ("anonymous", "resident", "staff", "admin")
EVERYONE = expect(PEOPLE, 200)
ROUTES = {
    "discovery": ("GET", f"{API}/discovery.{{fmt}}", EVERYONE),
    "services": ("GET", f"{API}/services.{{fmt}}", EVERYONE),
    "service definition": ("GET", f"{API}/services/{{code}}.{{fmt}}", EVERYONE),
    "requests": ("GET", f"{API}/requests.{{fmt}}", EVERYONE),
    "one request": ("GET", f"{API}/requests/{{need}}.{{fmt}}", EVERYONE),
    # A cookie never stands for a key: signed in or not, no key is a 403.
    "send a request (no key)": ("POST", f"{API}/requests.{{fmt}}", expect(PEOPLE, 403)),
}


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("route", list(ROUTES))
def test_role_route_table(client, world, route, who):
    method, template, expected = ROUTES[route]
    if who != "anonymous":
        login(client, make_user(Role(who)))
    for fmt in ("json", "xml"):
        path = template.format(need=f"need-{world['need'].id}", code="report-health", fmt=fmt)
        assert_status(client.open(path, method=method), expected[who])
