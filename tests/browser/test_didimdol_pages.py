"""Didimdol in a real browser, axe-clean: a facility's pages (its people, one person, the issue
form, the slip) in Korean and English, and the redemption at a shop's counter at phone width
(type the code, see only the service, confirm, the redeemed page)."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.didimdol.world import NAME_MARKER, build_world, issue
from tests.factories import PASSWORD

PHONE = {"width": 390, "height": 844}


def _world() -> dict:
    world = build_world()
    facility_voucher = issue(world)
    counter_voucher = issue(world)
    return {
        "facility officer": world.people["facility_officer"].email,
        "counter": world.people["donor_staff"].email,
        "facility": world.facility.id,
        "person": world.beneficiary.id,
        "voucher": facility_voucher.voucher.id,
        "code": counter_voucher.code,
    }


def _log_in(page: Page, live_server, email: str) -> None:
    page.goto(live_server("/login"))
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()


def test_the_facility_pages_pass_axe_in_both_languages(
    page: Page, live_server, in_live_db, check_accessibility
):
    world = in_live_db(_world)
    _log_in(page, live_server, world["facility officer"])
    facility, person = world["facility"], world["person"]
    for language in ("ko", "en"):
        page.goto(live_server(f"/didimdol/facilities/{facility}?lang={language}"))
        expect(page.locator("main")).to_contain_text(NAME_MARKER)
        check_accessibility(f"a facility's people ({language})")
        page.goto(live_server(f"/didimdol/facilities/{facility}/beneficiaries/{person}"))
        check_accessibility(f"one person ({language})")
        page.goto(live_server(f"/didimdol/facilities/{facility}/beneficiaries/new"))
        page.locator("main form button[type=submit]").click()
        expect(page.locator("#name-error")).to_be_visible()
        check_accessibility(f"add a person, with its messages ({language})")
        page.goto(
            live_server(f"/didimdol/facilities/{facility}/beneficiaries/{person}/vouchers/new")
        )
        check_accessibility(f"issue a voucher ({language})")
        page.goto(live_server(f"/didimdol/vouchers/{world['voucher']}/slip"))
        expect(page.locator("main svg")).to_be_visible()
        check_accessibility(f"the voucher slip ({language})")


def test_a_shop_redeems_a_voucher_on_a_phone_axe_clean(
    page: Page, live_server, in_live_db, check_accessibility
):
    world = in_live_db(_world)
    page.set_viewport_size(PHONE)
    _log_in(page, live_server, world["counter"])
    page.goto(live_server("/redeem?lang=en"))
    check_accessibility("the counter, empty (en, phone)")
    page.goto(live_server("/redeem?lang=ko"))  # the answer to the POST is in Korean
    page.fill("#code", "not a code")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#code-error")).to_contain_text("이용권 번호가 아닙니다")
    check_accessibility("the counter, a typo (ko, phone)")

    page.goto(live_server("/redeem?lang=ko"))
    page.fill("#code", world["code"].lower())
    page.get_by_role("button", name="번호 확인").click()
    expect(page.get_by_role("heading", name="유효한 이용권")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(NAME_MARKER)
    check_accessibility("the counter, a valid voucher (ko, phone)")
    page.get_by_role("button", name="확인하고 사용 처리").click()
    expect(page.get_by_role("heading", name="사용된 이용권")).to_be_visible()
    check_accessibility("the redeemed voucher (ko, phone)")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
