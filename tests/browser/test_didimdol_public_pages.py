"""Didimdol's public pages in a real browser, Korean and English, axe-clean: the donor
directory (a barber with a published pledge), the join page and the public ledger with a
redemption (its small count hidden); and a facility's give-back page (consent, then a record)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from app.clock import seoul_today
from app.didimdol.redemption import redeem
from tests.browser.test_didimdol_pages import _log_in
from tests.didimdol.world import build_world, issue

TEXT = {
    "ko": {"left": "이번 달", "hidden": "비공개", "join": "업체가 참여하는 방법"},
    "en": {"left": "this month", "hidden": "not published", "join": "How a business enrols"},
}


def _world() -> None:
    world = build_world()
    world.enrolment.organisation.area = world.dong  # counted in the world's gu
    redeemed = issue(world)
    redeem(redeemed.code, "", world.enrolment, world.people["donor_staff"])


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_public_pages_pass_axe(
    page: Page, live_server, in_live_db, check_accessibility, language
):
    if language == "ko":
        in_live_db(_world)
    text = TEXT[language]
    page.goto(live_server(f"/didimdol/donors?lang={language}"))
    expect(page.locator("main article").first).to_contain_text(text["left"])
    check_accessibility(f"the donor directory ({language})")
    page.goto(live_server(f"/didimdol/join?lang={language}"))
    expect(page.locator("main h2").nth(1)).to_have_text(text["join"])
    check_accessibility(f"the join page ({language})")
    page.goto(live_server(f"/didimdol/ledger?lang={language}"))
    expect(page.locator("main table").first).to_contain_text(text["hidden"])
    check_accessibility(f"the public ledger ({language})")
    page.goto(live_server(f"/map?lang={language}"))
    page.locator(".leaflet-control-layers input").check()  # the donor layer, off at first
    # Other tests' donors share the live database and the layer: at least this test's is drawn.
    expect(page.locator("path.layer-didimdol-donors").first).to_be_visible()
    check_accessibility(f"the map with the donor layer ({language})")


def _facility_world() -> dict:
    world = build_world()
    return {
        "officer": world.people["facility_officer"].email,
        "page": f"/didimdol/facilities/{world.facility.id}"
        f"/beneficiaries/{world.beneficiary.id}/volunteering",
    }


def test_the_give_back_page_passes_axe_in_both_languages(
    page: Page, live_server, in_live_db, check_accessibility
):
    world = in_live_db(_facility_world)
    _log_in(page, live_server, world["officer"])
    for language in ("ko", "en"):
        page.goto(live_server(f"{world['page']}?lang={language}"))
        check_accessibility(f"give-back, consent not yet given ({language})")
        page.locator("main form button[type=submit]").click()  # empty: errors at the fields
        expect(page.locator("main .error").first).to_be_visible()
        check_accessibility(f"give-back, the consent form's errors ({language})")
    page.locator("input[name=consent_method]").first.check()
    page.fill("#consent_given_on", seoul_today().isoformat())
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()
    page.fill("#done_on", seoul_today().isoformat())
    page.fill("#hours", "2")
    page.locator("#activity").select_option(index=1)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main li").first).to_contain_text("2")
    check_accessibility("give-back, one record (en)")
