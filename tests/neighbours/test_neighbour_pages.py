"""Sharing Neighbours: who may do what (the role x route table), appoint, renew and revoke
under the area rule, the public check (active, not yet, expired, revoked, unknown) revealing
nothing else, the card's QR code, the neighbour's own page and their data download."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
import segno
from sqlalchemy import select, text

from app.access_log import AccessAction, AccessLogEntry
from app.accounts.models import Role, User
from app.areas.models import Area, AreaLevel
from app.clock import seoul_today, utcnow
from app.extensions import db
from app.mypage.data_export import my_data
from app.neighbours.card import qr_code
from app.neighbours.models import NeighbourAppointment, NeighbourKind
from app.neighbours.reports_hook import is_active_neighbour
from tests.factories import field_error, login, make_area, make_user, reload
from tests.roles import LOGIN, assert_status, expect

PEOPLE = ("anonymous", "resident", "neighbour", "staff_here", "staff_elsewhere", "admin")
SIGNED_OUT = {"anonymous": LOGIN}
SCAN = b"%PDF-1.4 the signed pledge of Kim Shop"


@dataclass
class World:
    people: dict[str, User | None]
    dong: Area
    other_dong: Area
    appointment: NeighbourAppointment


def make_appointment(person: User, dong: Area, **fields) -> NeighbourAppointment:
    today = seoul_today()
    appointment = NeighbourAppointment(
        person=person,
        dong=dong,
        kind=fields.pop("kind", NeighbourKind.SHOPKEEPER),
        term_starts_on=fields.pop("term_starts_on", today - timedelta(days=30)),
        term_ends_on=fields.pop("term_ends_on", today + timedelta(days=335)),
        pledge_signed_on=fields.pop("pledge_signed_on", today - timedelta(days=30)),
        pledge_version=fields.pop("pledge_version", "2026-12"),
        **fields,
    )
    db.session.add(appointment)
    db.session.flush()
    return appointment


@pytest.fixture
def world() -> World:
    gu = make_area(level=AreaLevel.GU, bounds=(126.90, 37.50, 127.05, 37.65))
    dong = make_area(parent=gu, name_ko="나눔동", name_en="Nanum-dong")
    other_gu = make_area(level=AreaLevel.GU, bounds=(127.10, 37.50, 127.20, 37.60))
    other_dong = make_area(parent=other_gu, bounds=(127.11, 37.51, 127.12, 37.52))
    staff_here = make_user(Role.STAFF, display_name="Staff Here")
    staff_here.staff_areas = [gu]
    staff_elsewhere = make_user(Role.STAFF)
    staff_elsewhere.staff_areas = [other_gu]
    neighbour = make_user(display_name="Kim Shop", email="kim.shop@example.org")
    people: dict[str, User | None] = {
        "anonymous": None,
        "resident": make_user(),
        "neighbour": neighbour,
        "staff_here": staff_here,
        "staff_elsewhere": staff_elsewhere,
        "admin": make_user(Role.ADMIN),  # no dong: administering accounts appoints no one
    }
    appointment = make_appointment(neighbour, dong, appointed_by=staff_here, pledge_scan=SCAN)
    return World(people, dong, other_dong, appointment)


@pytest.fixture
def client(english_client):
    return english_client


STAFF = expect(PEOPLE, 403, staff_here=200, staff_elsewhere=200, admin=200, **SIGNED_OUT)
HERE = expect(PEOPLE, 403, staff_here=200, **SIGNED_OUT)
ROUTES = {
    "staff list": ("GET", "/staff/neighbours", STAFF),
    "appoint form": ("GET", "/staff/neighbours/new", STAFF),
    "appoint (empty)": ("POST", "/staff/neighbours/new", STAFF),
    "renew form": ("GET", "/staff/neighbours/{appointment}/renew", HERE),
    "renew (empty)": ("POST", "/staff/neighbours/{appointment}/renew", HERE),
    "revoke form": ("GET", "/staff/neighbours/{appointment}/revoke", HERE),
    "revoke (empty)": ("POST", "/staff/neighbours/{appointment}/revoke", HERE),
    "pledge form": ("GET", "/staff/neighbours/{appointment}/pledge", HERE),
    "pledge download (empty)": ("POST", "/staff/neighbours/{appointment}/pledge", HERE),
    "card": (
        "GET",
        "/neighbours/{appointment}/card",
        expect(PEOPLE, 404, neighbour=200, staff_here=200, **SIGNED_OUT),
    ),
    "public check": ("GET", "/neighbours/verify/{token}", expect(PEOPLE, 200)),
    "my appointments": ("GET", "/neighbours/me", expect(PEOPLE, 200, **SIGNED_OUT)),
}


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("route", list(ROUTES))
def test_role_route_table(client, world, route, who):
    method, template, expected = ROUTES[route]
    if who != "anonymous":
        login(client, world.people[who])
    path = template.format(
        appointment=world.appointment.id, token=world.appointment.verification_token
    )
    assert_status(client.open(path, method=method), expected[who])


def _appoint_data(world: World, **changes) -> dict:
    today = seoul_today()
    data = {
        "email": "KIM.SHOP@example.org ",
        "dong": str(world.dong.id),
        "kind": "postal_carrier",
        "kind_other": "",
        "term_starts_on": today.isoformat(),
        "term_ends_on": (today + timedelta(days=365)).isoformat(),
        "pledge_signed_on": today.isoformat(),
        "pledge_version": "2026-12",
    }
    data.update(changes)
    return data


def test_staff_appoint_in_their_dong_with_messages_at_the_fields(client, world):
    login(client, world.people["staff_here"])
    page = client.post("/staff/neighbours/new", data={"kind": "made-up"}).get_data(as_text=True)
    assert field_error(page, "email") == "Enter the email address of the neighbour's account."
    assert field_error(page, "dong") == "Choose the dong."
    assert field_error(page, "kind") == "Choose the kind of neighbour."
    assert field_error(page, "pledge_version") == "Name the pledge text they signed."

    for changes, field, message in (
        ({"email": "nobody@example.org"}, "email", "No account uses this email address."),
        ({"kind": "other"}, "kind_other", "Say what kind of neighbour they are."),
        ({"pledge_version": "   "}, "pledge_version", "Name the pledge text they signed."),
        (
            {"term_ends_on": (seoul_today() - timedelta(days=1)).isoformat()},
            "term_ends_on",
            "The last day of the term cannot be before its first day.",
        ),
        (
            {"pledge_signed_on": (seoul_today() + timedelta(days=1)).isoformat()},
            "pledge_signed_on",
            "The day the pledge was signed cannot be in the future.",
        ),
        ({"dong": str(world.other_dong.id)}, "dong", "Choose one of your dongs."),
    ):
        page = client.post("/staff/neighbours/new", data=_appoint_data(world, **changes))
        assert page.status_code == 200
        assert (field_error(page.get_data(as_text=True), field) or "").startswith(message), field

    before = db.session.scalar(select(db.func.count()).select_from(NeighbourAppointment))
    response = client.post("/staff/neighbours/new", data=_appoint_data(world))
    assert response.status_code == 302 and "/card" in response.headers["Location"]
    new = db.session.scalars(
        select(NeighbourAppointment).order_by(NeighbourAppointment.id.desc())
    ).first()
    assert new is not None and new.person_id == world.people["neighbour"].id
    assert (new.dong_id, new.kind, new.appointed_by_id) == (
        world.dong.id,
        NeighbourKind.POSTAL_CARRIER,
        world.people["staff_here"].id,
    )
    assert new.is_active() and len(new.verification_token) >= 32
    assert db.session.scalar(select(db.func.count()).select_from(NeighbourAppointment)) == (
        before + 1
    )
    logged = db.session.scalars(
        select(AccessLogEntry).where(
            AccessLogEntry.subject_kind == "neighbour_appointment",
            AccessLogEntry.subject_id == new.id,
        )
    ).all()
    assert [e.action.value for e in logged] == ["edit"]


def test_staff_of_another_dong_cannot_appoint_there(client, world):
    login(client, world.people["staff_elsewhere"])
    client.post("/staff/neighbours/new", data=_appoint_data(world))
    assert (
        db.session.scalar(
            select(db.func.count())
            .select_from(NeighbourAppointment)
            .where(NeighbourAppointment.appointed_by_id == world.people["staff_elsewhere"].id)
        )
        == 0
    )


def test_the_list_shows_only_the_staff_member_s_dongs(client, world):
    far = make_appointment(make_user(display_name="Far Away"), world.other_dong)
    login(client, world.people["staff_here"])
    page = client.get("/staff/neighbours").get_data(as_text=True)
    assert "Kim Shop" in page and "Far Away" not in page
    assert f"/staff/neighbours/{world.appointment.id}/pledge" in page  # it has a scan
    client.post("/logout")
    login(client, world.people["staff_elsewhere"])
    page = client.get("/staff/neighbours").get_data(as_text=True)
    assert "Far Away" in page and "Kim Shop" not in page
    assert f"/staff/neighbours/{far.id}/pledge" not in page  # no scan, no link


def _check(client, world: World) -> str:
    response = client.get(f"/neighbours/verify/{world.appointment.verification_token}")
    assert response.headers["Cache-Control"] == "no-store"
    return response.get_data(as_text=True)


def _verdict(page: str) -> str:
    match = re.search(r'<p class="verdict" id="verdict"[^>]*>(.*?)</p>', page, re.S)
    assert match
    return " ".join(match.group(1).split())


def test_renew_extends_the_term_and_revoke_shows_at_once_on_the_check(client, world):
    appointment = world.appointment
    assert _verdict(_check(client, world)) == "This appointment is active."

    login(client, world.people["staff_here"])
    old_end = appointment.term_ends_on
    page = client.post(
        f"/staff/neighbours/{appointment.id}/renew",
        data={"term_ends_on": (old_end - timedelta(days=1)).isoformat()},
    ).get_data(as_text=True)
    assert field_error(page, "term_ends_on") == "A renewal ends later than the present term."
    new_end = old_end + timedelta(days=365)
    response = client.post(
        f"/staff/neighbours/{appointment.id}/renew", data={"term_ends_on": new_end.isoformat()}
    )
    assert response.status_code == 302
    assert reload(appointment).term_ends_on == new_end

    page = client.post(f"/staff/neighbours/{appointment.id}/revoke", data={}).get_data(as_text=True)
    assert field_error(page, "reason") == "Say in a few words why it is revoked."
    assert reload(appointment).revoked_at is None
    response = client.post(
        f"/staff/neighbours/{appointment.id}/revoke", data={"reason": "Moved away"}
    )
    assert response.status_code == 302
    revoked = reload(appointment)
    assert revoked.revoked_at is not None and revoked.revoke_reason == "Moved away"
    assert revoked.revoked_by_id == world.people["staff_here"].id

    client.post("/logout")
    page = _check(client, world)
    assert _verdict(page) == "This appointment was revoked. The card is no longer valid."
    assert "Moved away" not in page
    login(client, world.people["staff_here"])
    client.post(f"/staff/neighbours/{appointment.id}/revoke", data={"reason": "again"})
    assert reload(appointment).revoke_reason == "Moved away"  # refused: already revoked


@pytest.mark.parametrize(
    ("starts", "ends", "verdict"),
    [
        (-30, 30, "This appointment is active."),
        (-30, 0, "This appointment is active."),  # the last day counts
        (-400, -1, "This appointment's term has ended. The card is no longer valid."),
        (1, 30, "This appointment has not started yet."),
    ],
)
def test_the_check_follows_the_term_in_seoul_days(client, world, starts, ends, verdict):
    today = seoul_today()
    world.appointment.term_starts_on = today + timedelta(days=starts)
    world.appointment.term_ends_on = today + timedelta(days=ends)
    db.session.flush()
    assert _verdict(_check(client, world)) == verdict


def test_the_check_reveals_only_the_name_dong_and_term(client, world):
    neighbour = world.people["neighbour"]
    world.appointment.kind = NeighbourKind.OTHER
    world.appointment.kind_other = "Secret kind marker"
    world.appointment.pledge_version = "pledge-marker-77"
    db.session.flush()
    page = _check(client, world)
    assert "Kim Shop" in page and "Nanum-dong" in page
    for secret in (
        neighbour.email,
        "Secret kind marker",
        "pledge-marker-77",
        "Staff Here",
        f"/neighbours/{world.appointment.id}/card",
    ):
        assert secret not in page, secret


def test_an_unknown_token_says_so_and_guessing_ids_finds_nothing(client, world):
    for token in ("not-a-token", str(world.appointment.id), "x" * 300):
        response = client.get(f"/neighbours/verify/{token}")
        assert response.status_code == 404
        assert response.headers["Cache-Control"] == "no-store"
        assert _verdict(response.get_data(as_text=True)).startswith(
            "No appointment matches this card."
        )


def test_the_card_s_qr_code_encodes_the_check_s_address_on_site_url(client, world, app):
    app.config["SITE_URL"] = "https://hope.example.kr/"
    try:
        login(client, world.people["neighbour"])
        page = client.get(f"/neighbours/{world.appointment.id}/card").get_data(as_text=True)
    finally:
        app.config["SITE_URL"] = "http://127.0.0.1:8000"
    url = f"https://hope.example.kr/neighbours/verify/{world.appointment.verification_token}"
    assert url in page
    svg = re.search(r"<svg.*?</svg>", page, re.S)
    assert svg is not None
    expected = qr_code(url).svg_inline(
        scale=4, title="QR code: check this appointment", svgclass="neighbour-qr", border=2
    )
    assert svg.group(0) == expected
    # The same matrix as a code made from the address alone: the QR says exactly this URL.
    assert qr_code(url).matrix == segno.make(url, error="m").matrix
    assert "https://" not in page.replace(url, "").split("<svg")[1].split("</svg>")[0]


def test_the_staff_s_look_at_a_card_is_logged_but_not_the_neighbour_s(client, world):
    def logged() -> int:
        return db.session.scalar(
            select(db.func.count())
            .select_from(AccessLogEntry)
            .where(AccessLogEntry.subject_kind == "neighbour_appointment")
        )

    before = logged()
    login(client, world.people["neighbour"])
    client.get(f"/neighbours/{world.appointment.id}/card")
    assert logged() == before
    client.post("/logout")
    login(client, world.people["staff_here"])
    client.get(f"/neighbours/{world.appointment.id}/card")
    assert logged() == before + 1


def test_the_neighbour_sees_their_appointments_on_my_page_and_in_their_data(client, world):
    neighbour = world.people["neighbour"]
    login(client, neighbour)
    for path in ("/neighbours/me", "/my"):
        page = client.get(path).get_data(as_text=True)
        assert "Nanum-dong" in page and "Shopkeeper" in page, path
    exported = my_data(neighbour)["neighbour_appointments"]
    assert exported == [
        {
            "dong_code": world.dong.code,
            "kind": "shopkeeper",
            "kind_other": "",
            "term_starts_on": world.appointment.term_starts_on.isoformat(),
            "term_ends_on": world.appointment.term_ends_on.isoformat(),
            "pledge_signed_on": world.appointment.pledge_signed_on.isoformat(),
            "pledge_version": "2026-12",
            "appointed_at": world.appointment.appointed_at.isoformat(),
            "revoked_at": None,
        }
    ]
    assert my_data(world.people["resident"])["neighbour_appointments"] == []
    client.post("/logout")
    login(client, world.people["resident"])
    assert 'id="my-neighbour-appointments"' not in client.get("/my").get_data(as_text=True)


def test_reports_can_ask_whether_a_reporter_is_an_active_neighbour_of_the_dong(world):
    neighbour = world.people["neighbour"]
    assert is_active_neighbour(neighbour, world.dong.id)
    assert not is_active_neighbour(neighbour, world.other_dong.id)
    world.appointment.revoked_at = utcnow()
    world.appointment.revoke_reason = "ended"
    db.session.flush()
    assert not is_active_neighbour(neighbour, world.dong.id)
    assert not is_active_neighbour(world.people["resident"], world.dong.id)


def test_the_pledge_scan_goes_years_after_the_term_s_last_day(world):
    from datetime import UTC, datetime

    from app.retention import apply_rule, retention_rules

    (rule,) = [r for r in retention_rules() if r.kind == "neighbour_pledge_scan"]
    now = datetime(2031, 3, 15, 3, 0, tzinfo=UTC)  # 12:00 in Seoul
    world.appointment.pledge_scan = None  # only this test's two appointments count here
    ended = make_appointment(
        world.people["resident"],
        world.dong,
        term_starts_on=datetime(2026, 1, 1).date(),
        term_ends_on=datetime(2028, 3, 14).date(),  # three years and a day before
        pledge_scan=b"scan of the ended one",
    )
    ends_today = make_appointment(
        world.people["resident"],
        world.dong,
        term_starts_on=datetime(2026, 1, 1).date(),
        term_ends_on=datetime(2028, 3, 15).date(),
        pledge_scan=b"scan of the one ending three years ago today",
    )
    assert apply_rule(rule, now).erased == 1
    assert reload(ended).pledge_scan is None
    assert reload(ends_today).pledge_scan == b"scan of the one ending three years ago today"
    assert reload(ended).pledge_version == "2026-12"  # the row and its pledge's day stay


def test_the_scanned_pledge_is_sealed_and_each_download_logged_with_its_reason(client, world):
    login(client, world.people["staff_here"])
    not_pdf = _appoint_data(world, pledge_scan=(io.BytesIO(b"GIF89a"), "pledge.pdf"))
    page = client.post("/staff/neighbours/new", data=not_pdf, content_type="multipart/form-data")
    assert field_error(page.get_data(as_text=True), "pledge_scan") == "The scan must be a PDF file."

    data = _appoint_data(world, pledge_scan=(io.BytesIO(SCAN + b" again"), "scan.pdf"))
    response = client.post("/staff/neighbours/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    new = db.session.scalars(
        select(NeighbourAppointment).order_by(NeighbourAppointment.id.desc())
    ).first()
    assert new is not None and reload(new).pledge_scan == SCAN + b" again"
    stored = db.session.execute(
        text("SELECT pledge_scan FROM neighbour_appointments WHERE id = :id"), {"id": new.id}
    ).scalar_one()
    assert b"signed pledge" not in bytes(stored)  # sealed at rest

    url = f"/staff/neighbours/{new.id}/pledge"
    page = client.post(url, data={}).get_data(as_text=True)
    assert field_error(page, "reason") == "Say why you download it: the access log keeps it."
    response = client.post(url, data={"reason": "Complaint 2026-41"})
    assert response.data == SCAN + b" again"
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment")
    entry = db.session.scalars(
        select(AccessLogEntry).where(
            AccessLogEntry.subject_kind == "neighbour_appointment",
            AccessLogEntry.subject_id == new.id,
            AccessLogEntry.action == AccessAction.DOWNLOAD,
        )
    ).one()
    assert (entry.reason, entry.person_id) == ("Complaint 2026-41", new.person_id)
