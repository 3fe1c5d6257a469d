"""Confidential reports on a real database: anonymous and signed-in reports, routed to the dong
holding the place or refused at the field; the tracking page says one of three words; the
dong's staff (and only they) see a report, each view logged once; the status moves forward."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from sqlalchemy import func, select

from app.access_log import AccessLogEntry
from app.accounts.models import Role
from app.areas.models import AreaLevel
from app.consents.models import ConsentPurpose, LegalBasis
from app.consents.services import has_consent
from app.consents.subjects import Subject
from app.extensions import db
from app.reports.models import CrisisType, Report, ReportAbout, ReportStatus
from app.reports.tracking import new_tracking_code, normalise_code, shown, tracking_hash
from tests.factories import field_error, login, make_area, make_user, reload
from tests.roles import LOGIN, assert_status, expect

IN_FIRST = (126.975, 37.565)  # inside `dongs`' first dong
IN_SECOND = (126.985, 37.565)  # inside the second
INCHEON = (126.7052, 37.4563)  # served by nobody here


@pytest.fixture
def dongs():
    gu = make_area(level=AreaLevel.GU, bounds=(126.96, 37.55, 127.00, 37.58), name_en="Jung-gu")
    first = make_area(parent=gu, bounds=(126.97, 37.56, 126.98, 37.57), name_en="First-dong")
    second = make_area(parent=gu, bounds=(126.98, 37.56, 126.99, 37.57), name_en="Second-dong")
    return gu, first, second


def report_form(at=IN_FIRST, about="neighbour", **fields) -> dict:
    return {
        "about": about,
        "crisis_types": ["heating", "isolation"],
        "urgency": "this_week",
        "what_was_seen": "우편물이 쌓여 있어요",
        "longitude": str(at[0]),
        "latitude": str(at[1]),
        **fields,
    }


def send(client, **fields):
    return client.post("/reports/new", data=report_form(**fields))


def tracking_code_in(html: str) -> str:
    match = re.search(r"<strong data-tracking-code>([^<]+)</strong>", html)
    assert match, html[:800]
    return match.group(1)


def report_count() -> int:
    return db.session.scalar(select(func.count(Report.id)))


def track(client, code: str) -> str:
    return client.post("/reports/track", data={"code": code}).get_data(as_text=True)


# --- sending ------------------------------------------------------------------------------------


def test_an_anonymous_neighbour_report_reaches_its_dong_with_a_tracking_code(client, dongs):
    gu, first, _second = dongs
    response = send(client)
    assert response.status_code == 200
    code = tracking_code_in(response.get_data(as_text=True))
    report = db.session.scalars(select(Report)).one()
    assert (report.dong_id, report.gu_id) == (first.id, gu.id)
    assert report.reporter_id is None
    assert report.about == ReportAbout.NEIGHBOUR
    assert set(report.crisis_types) == {CrisisType.HEATING, CrisisType.ISOLATION}
    # Nobody here to agree: the legal basis (PIPA art. 15(1)5) stands on the row instead.
    assert report.legal_basis == LegalBasis.ART_15_1_5
    assert not has_consent(Subject("report", report.id), ConsentPurpose.COLLECTION_AND_USE)
    assert report.tracking_hash == tracking_hash(normalise_code(code))
    assert normalise_code(code) not in str(report.__dict__)  # only its hash is kept


def test_a_report_goes_to_the_dong_holding_the_place(client, dongs):
    _gu, _first, second = dongs
    send(client, at=IN_SECOND)
    assert db.session.scalars(select(Report)).one().dong_id == second.id


def test_a_place_outside_every_served_dong_is_refused_at_its_field(client, dongs):
    response = send(client, at=INCHEON)
    assert response.status_code == 200
    assert "서비스 지역 밖" in (field_error(response.get_data(as_text=True), "longitude") or "")
    english = client.post(
        "/reports/new", data=report_form(at=INCHEON), headers={"Accept-Language": "en"}
    )
    assert "not in a served neighbourhood" in field_error(
        english.get_data(as_text=True), "longitude"
    )
    assert report_count() == 0


def test_a_signed_in_report_about_oneself_records_the_consent_and_shows_on_my_page(app, dongs):
    client = app.test_client()
    me = make_user()
    login(client, me)
    response = send(client, about="self", agrees="y", what_was_seen="Own-Words-M1")
    tracking_code_in(response.get_data(as_text=True))
    report = db.session.scalars(select(Report)).one()
    assert report.reporter_id == me.id and report.legal_basis is None
    assert has_consent(Subject("report", report.id), ConsentPurpose.COLLECTION_AND_USE)
    page = client.get("/my").get_data(as_text=True)
    assert "My reports" in page or "내 신고" in page or "my-reports" in page
    assert "Own-Words-M1" not in page  # the three words and the day, nothing written


def test_a_report_about_oneself_needs_the_consent_box(client, dongs):
    html = send(client, about="self").get_data(as_text=True)
    assert field_error(html, "agrees")
    assert report_count() == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("crisis_types", []),
        ("crisis_types", ["not-a-crisis"]),
        ("urgency", "tomorrow"),
        ("about", "cat"),
        ("what_was_seen", ""),
    ],
)
def test_bad_answers_are_refused_at_their_field(client, dongs, field, value):
    html = send(client, **{field: value}).get_data(as_text=True)
    assert field_error(html, field) or f'id="{field}-error"' in html
    assert report_count() == 0


# --- tracking -----------------------------------------------------------------------------------


def test_tracking_codes_catch_a_mistyped_or_swapped_character():
    for _ in range(200):
        code = new_tracking_code()
        assert normalise_code(code) == code
        assert normalise_code(shown(code).lower()) == code  # hyphens and lower case are fine
        for i in range(len(code)):
            for other in "0123456789ABCDEFGHJKMNPQRSTVWXYZ":
                if other != code[i]:
                    assert normalise_code(code[:i] + other + code[i + 1 :]) is None
        for i in range(len(code) - 1):
            swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
            if swapped != code and {code[i], code[i + 1]} != {"0", "Z"}:  # Luhn's blind spot
                assert normalise_code(swapped) is None


def test_the_tracking_page_says_only_the_status_and_the_day(client, dongs):
    marker = "Tracking-Secret-T1"
    code = tracking_code_in(
        send(client, what_was_seen=marker, person_name=marker).get_data(as_text=True)
    )
    html = track(client, code)
    assert "data-report-status" in html and "Received" in html or "접수" in html
    assert marker not in html and "First-dong" not in html and "Heating" not in html


def test_a_wrong_code_is_answered_at_the_field(client, dongs):
    code = tracking_code_in(send(client).get_data(as_text=True))
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    html = track(client, wrong)
    assert field_error(html, "code")
    assert "data-report-status" not in html


# --- the dong's staff ---------------------------------------------------------------------------


def views_logged(report: Report) -> int:
    return db.session.scalar(
        select(func.count(AccessLogEntry.id)).where(
            AccessLogEntry.subject_kind == "report", AccessLogEntry.subject_id == report.id
        )
    )


def test_the_dongs_staff_see_the_report_and_each_view_is_logged_once(app, dongs):
    gu, first, _second = dongs
    send(app.test_client(), what_was_seen="Staff-See-S1", person_phone="010-1234-5678")
    report = db.session.scalars(select(Report)).one()
    for staff in (
        make_user(Role.STAFF, staff_areas=[first]),
        make_user(Role.STAFF, staff_areas=[gu]),
    ):
        client = app.test_client()
        login(client, staff)
        listing = client.get("/staff/reports").get_data(as_text=True)
        assert f"/staff/reports/{report.id}" in listing and "Staff-See-S1" not in listing
        before = views_logged(report)
        page = client.get(f"/staff/reports/{report.id}").get_data(as_text=True)
        assert "Staff-See-S1" in page and "010-1234-5678" in page and "126.97500" in page
        assert views_logged(report) == before + 1


@pytest.mark.parametrize("who", ["other_dong_staff", "admin_without_area", "resident"])
def test_nobody_else_sees_a_report(app, dongs, who):
    _gu, _first, second = dongs
    send(app.test_client(), what_was_seen="Hidden-H2")
    report = db.session.scalars(select(Report)).one()
    person = {
        "other_dong_staff": lambda: make_user(Role.STAFF, staff_areas=[second]),
        "admin_without_area": lambda: make_user(Role.ADMIN),
        "resident": lambda: make_user(),
    }[who]()
    client = app.test_client()
    login(client, person)
    listing = client.get("/staff/reports")
    assert "Hidden-H2" not in listing.get_data(as_text=True)
    assert f"/staff/reports/{report.id}" not in listing.get_data(as_text=True)
    assert client.get(f"/staff/reports/{report.id}").status_code in (403, 404)
    assert views_logged(report) == 0


def test_staff_move_the_status_forward_and_the_tracking_page_follows(app, dongs):
    _gu, first, _second = dongs
    code = tracking_code_in(send(app.test_client()).get_data(as_text=True))
    report = db.session.scalars(select(Report)).one()
    staff = make_user(Role.STAFF, staff_areas=[first])
    client = app.test_client()
    login(client, staff)
    path = f"/staff/reports/{report.id}/status"
    assert client.post(path, data={"status": "in_review", "note": "방문 예정"}).status_code == 302
    assert reload(report).status == ReportStatus.IN_REVIEW
    # Back to "received" is no move the form offers: refused at the field, nothing changes.
    html = client.post(path, data={"status": "received", "note": "x"}).get_data(as_text=True)
    assert field_error(html, "status") and reload(report).status == ReportStatus.IN_REVIEW
    # Closing asks for an outcome: not through the status form, through the close form.
    assert client.post(path, data={"status": "closed", "note": "x"}).status_code == 200
    assert reload(report).status == ReportStatus.IN_REVIEW
    close = f"/staff/reports/{report.id}/close"
    html = client.post(close, data={"note": "연계 완료"}).get_data(as_text=True)
    assert field_error(html, "outcome") and reload(report).status == ReportStatus.IN_REVIEW
    data = {"outcome": "referred", "note": "연계 완료"}
    assert client.post(close, data=data).status_code == 302
    closed = reload(report)
    assert closed.status == ReportStatus.CLOSED and closed.closed_at is not None
    html = track(app.test_client(), code)
    assert "Closed" in html or "종결" in html
    assert "연계 완료" not in html


# --- the photo ----------------------------------------------------------------------------------


def jpeg_with_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SecretCamera"
    exif[0x8825] = {1: "N", 2: (37.0, 33.0, 58.8), 3: "E", 4: (126.0, 58.0, 40.5)}
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (180, 60, 20)).save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_the_photo_is_stored_without_exif_and_shown_only_to_the_staff(app, dongs):
    _gu, first, _second = dongs
    original = jpeg_with_exif()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)
    data = report_form() | {"photo": (io.BytesIO(original), "Photo-Name-P9.jpg")}
    response = app.test_client().post("/reports/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 200
    report = db.session.scalars(select(Report)).one()
    stored = Image.open(io.BytesIO(report.photo))
    assert not stored.getexif() and b"SecretCamera" not in report.photo
    path = f"/staff/reports/{report.id}/photo"
    assert_status(app.test_client().get(path), LOGIN)
    staff = app.test_client()
    login(staff, make_user(Role.STAFF, staff_areas=[first]))
    served = staff.get(path)
    assert served.status_code == 200 and served.data == report.photo


# --- role x route table -------------------------------------------------------------------------

PEOPLE = ("anonymous", "resident", "staff_here", "staff_elsewhere", "admin_without_area")


def row(default, **exceptions):
    return expect(PEOPLE, default, **exceptions)


STAFF_ONLY = row(403, anonymous=LOGIN)
# name: (method, path, form data, expected per person); {report} is the report's id.
REPORT_ROUTES = {
    "report form": ("GET", "/reports/new", None, row(200)),
    "report (empty)": ("POST", "/reports/new", {}, row(200)),  # answered at the fields
    "tracking form": ("GET", "/reports/track", None, row(200)),
    "tracking (empty)": ("POST", "/reports/track", {}, row(200)),
    "staff list": (
        "GET",
        "/staff/reports",
        None,
        row(403, anonymous=LOGIN, staff_here=200, staff_elsewhere=200, admin_without_area=200),
    ),
    "staff report page": (
        "GET",
        "/staff/reports/{report}",
        None,
        row(404, anonymous=LOGIN, resident=403, staff_here=200),
    ),
    "staff photo (none)": (
        "GET",
        "/staff/reports/{report}/photo",
        None,
        row(404, anonymous=LOGIN, resident=403),
    ),
    "staff status (empty)": (
        "POST",
        "/staff/reports/{report}/status",
        {},
        row(404, anonymous=LOGIN, resident=403, staff_here=200),
    ),
    "dong inbox": (
        "GET",
        "/staff/inbox",
        None,
        row(403, anonymous=LOGIN, staff_here=200, staff_elsewhere=200, admin_without_area=200),
    ),
    "dong inbox overdue list": (
        "GET",
        "/staff/inbox?show=overdue",
        None,
        row(403, anonymous=LOGIN, staff_here=200, staff_elsewhere=200, admin_without_area=200),
    ),
    "inbox bulk assign (empty)": (  # answered at its fields
        "POST",
        "/staff/inbox/assign",
        {},
        row(403, anonymous=LOGIN, staff_here=200, staff_elsewhere=200, admin_without_area=200),
    ),
    # The dong's work on a report: each answered at its fields (or refused) on the report's page.
    **{
        f"staff {action} (empty)": (
            "POST",
            f"/staff/reports/{{report}}/{action}",
            {},
            row(404, anonymous=LOGIN, resident=403, staff_here=200),
        )
        for action in ("triage", "acknowledge", "assign", "close")
    },
}


@pytest.fixture
def route_world(app, dongs):
    _gu, first, second = dongs
    send(app.test_client())
    return {
        "report": db.session.scalars(select(Report)).one().id,
        "people": {
            "anonymous": None,
            "resident": make_user(),
            "staff_here": make_user(Role.STAFF, staff_areas=[first]),
            "staff_elsewhere": make_user(Role.STAFF, staff_areas=[second]),
            "admin_without_area": make_user(Role.ADMIN),
        },
    }


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("route", REPORT_ROUTES)
def test_who_gets_what(app, route_world, route, who):
    method, template, data, expected = REPORT_ROUTES[route]
    client = app.test_client()
    if route_world["people"][who] is not None:
        login(client, route_world["people"][who])
    path = template.format(report=route_world["report"])
    response = client.get(path) if method == "GET" else client.post(path, data=data or {})
    assert_status(response, expected[who])


# --- sent twice ---------------------------------------------------------------------------------


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_same_form_sent_twice_saves_one_report(app, dongs, signed_in):
    client = app.test_client()
    if signed_in:
        login(client, make_user())
    data = report_form(submission_key="k" * 30)
    first = client.post("/reports/new", data=data).get_data(as_text=True)
    again = client.post("/reports/new", data=data).get_data(as_text=True)
    tracking_code_in(first)
    assert "data-tracking-code" not in again
    assert "이미 보냈습니다" in again  # "already sent", in the default language
    assert report_count() == 1
