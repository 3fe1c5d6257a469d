"""The Sharing Neighbours' pages in a real browser, axe-clean in Korean and in English: the
staff's list, the appointment form (empty, then with its messages at the fields), the card
and the public check its QR code opens."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import Page, expect

from app.accounts.models import Role
from app.areas.models import AreaLevel
from app.clock import seoul_today
from app.extensions import db
from app.neighbours.models import NeighbourAppointment, NeighbourKind
from tests.factories import PASSWORD, make_area, make_user


def _world() -> dict:
    gu = make_area(level=AreaLevel.GU, bounds=(127.00, 37.60, 127.05, 37.65))
    dong = make_area(parent=gu, bounds=(127.01, 37.61, 127.03, 37.63))
    staff = make_user(Role.STAFF, display_name="동 주민센터 직원")
    staff.staff_areas = [gu]
    today = seoul_today()
    appointment = NeighbourAppointment(
        person=make_user(display_name="김가게"),
        dong=dong,
        kind=NeighbourKind.SHOPKEEPER,
        term_starts_on=today,
        term_ends_on=today + timedelta(days=365),
        pledge_signed_on=today,
        pledge_version="2026-12",
    )
    db.session.add(appointment)
    db.session.flush()
    return {"email": staff.email, "id": appointment.id, "token": appointment.verification_token}


def _log_in(page: Page, live_server, email: str) -> None:
    page.goto(live_server("/login"))
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()


TEXT = {
    "ko": {
        "list": "나눔이웃",
        "appoint": "위촉",
        "email error": "나눔이웃 계정의 이메일 주소를 입력하세요.",
        "active": "유효한 위촉입니다.",
    },  # noqa: E501
    "en": {
        "list": "Sharing Neighbours",
        "appoint": "Appoint",
        "email error": "Enter the email address of the neighbour's account.",
        "active": "This appointment is active.",
    },  # noqa: E501
}


def test_the_neighbour_pages_pass_axe_in_both_languages(
    page: Page, live_server, in_live_db, check_accessibility
):
    world = in_live_db(_world)
    _log_in(page, live_server, world["email"])
    for language, text in TEXT.items():
        page.goto(live_server(f"/staff/neighbours?lang={language}"))
        expect(page.get_by_role("heading", level=1, name=text["list"])).to_be_visible()
        expect(page.locator("main table")).to_contain_text("김가게")
        check_accessibility(f"the staff's list of neighbours ({language})")

        page.goto(live_server(f"/staff/neighbours/new?lang={language}"))
        check_accessibility(f"appoint a neighbour ({language})")
        page.get_by_role("button", name=text["appoint"], exact=True).click()
        expect(page.locator("#email-error")).to_have_text(text["email error"])
        check_accessibility(f"appoint a neighbour, with its messages ({language})")

        page.goto(live_server(f"/neighbours/{world['id']}/card?lang={language}"))
        expect(page.locator("svg.neighbour-qr")).to_be_visible()
        check_accessibility(f"a neighbour's card ({language})")

        page.goto(live_server(f"/neighbours/verify/{world['token']}?lang={language}"))
        expect(page.locator("#verdict")).to_have_text(text["active"])
        check_accessibility(f"the public check of a card ({language})")
