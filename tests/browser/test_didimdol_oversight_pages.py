"""The oversight page (with an anomaly of each kind), the voucher email form and the donor's
place form (with their messages at the field) in a real browser, axe-clean in Korean and
English."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from app.didimdol.redemption import note_wrong_code, redeem
from tests.didimdol.world import build_world, issue
from tests.factories import PASSWORD


def _world() -> dict:
    world = build_world()
    world.pledge.monthly_capacity = 3
    for issued in (issue(world), issue(world, pledge=None, category=world.category)):
        redeem(issued.code, "", world.enrolment, world.people["donor_staff"])
    emailed = issue(world).voucher.id  # for the email form: issued while units are left
    # The donor lowers a month already used: two given against one (a redemption itself can
    # no longer go beyond the capacity).
    world.pledge.monthly_capacity = 1
    for _ in range(10):
        note_wrong_code(world.enrolment)
    return {
        "programme officer": world.people["programme_officer"].email,
        "facility officer": world.people["facility_officer"].email,
        "voucher": emailed,
        "donor": world.people["donor_rep"].email,
        "enrolment": world.enrolment.id,
    }


def _log_in(page: Page, live_server, email: str) -> None:
    page.goto(live_server("/login"))
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()


def test_the_oversight_page_passes_axe_in_both_languages(
    page: Page, live_server, in_live_db, check_accessibility
):
    config = live_server.app.config
    before = config["DIDIMDOL_NIGHT_HOURS"]
    config["DIDIMDOL_NIGHT_HOURS"] = (0, 24)
    try:
        world = in_live_db(_world)
        _log_in(page, live_server, world["programme officer"])
        # Other tests' donors redeem in the live database too: only this world's rows count.
        ours = page.locator(f"a[href$='/didimdol/donors/{world['enrolment']}']")
        for language in ("ko", "en"):
            page.goto(live_server(f"/staff/didimdol/oversight?lang={language}"))
            expect(page.locator("tr.anomaly-capacity", has=ours)).to_have_count(1)
            expect(page.locator("tr.anomaly-wrong-codes", has=ours)).to_have_count(1)
            expect(page.locator("tr.anomaly-night", has=ours)).to_have_count(2)
            check_accessibility(f"the oversight page ({language})")
    finally:
        config["DIDIMDOL_NIGHT_HOURS"] = before


def test_the_voucher_email_form_passes_axe_in_both_languages(
    page: Page, live_server, in_live_db, check_accessibility
):
    world = in_live_db(_world)
    _log_in(page, live_server, world["facility officer"])
    for language in ("ko", "en"):
        page.goto(live_server(f"/didimdol/vouchers/{world['voucher']}/email?lang={language}"))
        check_accessibility(f"the voucher email form ({language})")
        page.fill("#email", "not an address")
        page.locator("main form button[type=submit]").click()
        expect(page.locator("#email-error")).to_be_visible()
        check_accessibility(f"the voucher email form, with its message ({language})")


def test_the_donor_place_form_passes_axe_in_both_languages(
    page: Page, live_server, in_live_db, check_accessibility
):
    world = in_live_db(_world)
    _log_in(page, live_server, world["donor"])
    for language in ("ko", "en"):
        page.goto(live_server(f"/didimdol/donors/{world['enrolment']}/place?lang={language}"))
        check_accessibility(f"the donor's place form ({language})")
        page.fill("#longitude", "129.0")
        page.fill("#latitude", "35.1")
        page.locator("main form button[type=submit]").click()
        expect(page.locator("#longitude-error")).to_be_visible()
        check_accessibility(f"the donor's place form, a place outside the areas ({language})")
