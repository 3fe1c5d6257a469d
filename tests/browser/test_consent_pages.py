"""The consent pages in a real browser, axe-clean in Korean and in English: the history on a
need's page for the area's staff, the form to record a consent (empty, with its messages at
the fields, then sent) and the override form."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from app.accounts.models import Role
from app.areas.models import AreaLevel
from tests.browser.sign_in import log_in
from tests.factories import make_area, make_pin, make_user

LON, LAT = 127.021, 37.621  # a dong of this test's own


def _world() -> dict:
    gu = make_area(level=AreaLevel.GU, bounds=(127.00, 37.60, 127.05, 37.65))
    make_area(parent=gu, bounds=(127.01, 37.61, 127.03, 37.63))
    staff = make_user(Role.STAFF, display_name="동 주민센터 직원")
    staff.staff_areas = [gu]
    need = make_pin(make_user(), lon=LON, lat=LAT)
    return {"email": staff.email, "need": need.id}


TEXT = {
    "ko": {
        "record": "동의 기록하기",
        "send": "동의 기록",
        "purpose error": "목적을 고르세요.",
        "purpose": "개인정보 수집·이용",
        "method": "서면 서명",
        "notice": "안내한 고지문 버전",
        "given on": "동의한 날짜",
        "override": "법적 근거로 예외 처리",
        "ask": "승인 요청",
        "basis error": "법적 근거를 고르세요.",
    },
    "en": {
        "record": "Record a consent",
        "send": "Record the consent",
        "purpose error": "Choose the purpose.",
        "purpose": "Collection and use of personal information",
        "method": "Signed on paper",
        "notice": "Version of the notice they were given",
        "given on": "The day consent was given",
        "override": "Override with a legal basis",
        "ask": "Ask for approval",
        "basis error": "Choose the legal basis.",
    },
}


def test_the_consent_pages_pass_axe_in_both_languages(
    page: Page, live_server, in_live_db, check_accessibility
):
    world = in_live_db(_world)
    log_in(page, live_server, world["email"])
    for language, text in TEXT.items():
        page.goto(live_server(f"/pins/{world['need']}?lang={language}"))
        expect(page.locator("#consents-heading")).to_be_visible()
        check_accessibility(f"a need's consent history ({language})")

        # A signed-in reader's language is their account's: English is asked for by address.
        if language == "ko":
            page.get_by_role("link", name=text["record"]).click()
        else:
            page.goto(live_server(f"/consents/need/{world['need']}/new?lang=en"))
        expect(page.get_by_role("heading", level=1, name=text["record"])).to_be_visible()
        check_accessibility(f"record a consent ({language})")
        page.get_by_role("button", name=text["send"]).click()
        expect(page.locator("#purpose-error")).to_have_text(text["purpose error"])
        check_accessibility(f"record a consent, with its messages ({language})")

        page.get_by_label(text["purpose"]).check()
        page.get_by_label(text["method"]).check()
        page.get_by_label(text["notice"]).fill("2026-12")
        page.get_by_label(text["given on"]).fill("2026-12-01")
        page.get_by_role("button", name=text["send"]).click()
        expect(page.locator(".flash-success")).to_be_visible()
        expect(page.locator(".consent-history")).to_contain_text("동 주민센터 직원")
        check_accessibility(f"the history with a recorded consent ({language})")

        if language == "ko":
            page.get_by_role("link", name=text["override"]).click()
        else:
            page.goto(live_server(f"/consents/need/{world['need']}/override?lang=en"))
        page.get_by_role("button", name=text["ask"]).click()
        expect(page.locator("#legal_basis-error")).to_have_text(text["basis error"])
        check_accessibility(f"the override form, with its messages ({language})")
