"""Receipts and signboards in a real browser, axe-clean in Korean and English: the donee's
year (issue all), the void form with its message, a donor's own list, the public check; the
officer's signboards, the revoke form, and the public page before and after revoking."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from app.clock import seoul_today
from app.didimdol.receipts import issue_document
from app.didimdol.receipts_models import DonationDocumentKind
from app.didimdol.signboards import issue_signboard
from tests.browser.test_didimdol_pages import _log_in
from tests.didimdol.receipts_world import build_receipts_world

YEAR = seoul_today().year  # the world's donations are made today


def _world(app) -> dict:
    app.config["DIDIMDOL_SIGNBOARD_REDEMPTIONS"] = 3
    rw = build_receipts_world(app)
    officer = rw.world.people["programme_officer"]
    receipt = issue_document(rw.world.enrolment, YEAR, DonationDocumentKind.RECEIPT, officer)
    signboard = issue_signboard(rw.world.enrolment, officer)
    return {
        "donee officer": rw.donee_officer.email,
        "officer": officer.email,
        "donor": rw.world.people["donor_rep"].email,
        "enrolment": rw.world.enrolment.id,
        "receipt": receipt.id,
        "token": receipt.token,
        "signboard": signboard.id,
        "number": signboard.number,
    }


def test_receipts_and_signboards_pass_axe_in_both_languages(
    page: Page, live_server, in_live_db, check_accessibility
):
    app = live_server.app
    before = (app.config["DIDIMDOL_DONEE_ID"], app.config["DIDIMDOL_SIGNBOARD_REDEMPTIONS"])
    try:
        world = in_live_db(_world, app)
        _journey(page, live_server, world, check_accessibility)
    finally:
        app.config["DIDIMDOL_DONEE_ID"], app.config["DIDIMDOL_SIGNBOARD_REDEMPTIONS"] = before


def _journey(page: Page, live_server, world: dict, check_accessibility) -> None:
    _log_in(page, live_server, world["donee officer"])
    for language in ("ko", "en"):
        page.goto(live_server(f"/staff/didimdol/receipts?year={YEAR}&lang={language}"))
        check_accessibility(f"the donee's year ({language})")
        page.goto(live_server(f"/staff/didimdol/receipts/{world['receipt']}/void"))
        page.locator("main form button[type=submit]").click()
        expect(page.locator("#reason-error")).to_be_visible()
        check_accessibility(f"void, with its message ({language})")
        page.goto(live_server(f"/receipts/check/{world['token']}"))
        expect(page.locator("main")).to_contain_text("106,500")
        check_accessibility(f"the public check ({language})")
    page.goto(live_server(f"/staff/didimdol/receipts?year={YEAR}&lang=en"))
    page.get_by_role("button", name=f"Issue every donor's documents of {YEAR}").click()
    # The answer to a POST is in Korean. Other browser tests' donors share the live database:
    # how many documents "issue all" makes depends on them, so only the wording is checked.
    expect(page.locator(".flash-success")).to_contain_text(re.compile(r"문서 \d+건을 발급했습니다"))
    expect(page.locator("main")).to_contain_text(f"C{YEAR}-000001")

    page.context.clear_cookies()
    _log_in(page, live_server, world["donor"])
    page.goto(live_server(f"/didimdol/donors/{world['enrolment']}/receipts?lang=ko"))
    expect(page.locator("main")).to_contain_text(f"{YEAR}-000001")
    check_accessibility("a donor's receipts (ko)")

    page.context.clear_cookies()
    _log_in(page, live_server, world["officer"])
    for language in ("ko", "en"):
        page.goto(live_server(f"/staff/didimdol/signboards?lang={language}"))
        check_accessibility(f"signboards ({language})")
        page.goto(live_server(f"/signboards/{world['number']}"))
        check_accessibility(f"a signboard's public page ({language})")
    page.goto(live_server(f"/staff/didimdol/signboards/{world['signboard']}/revoke?lang=en"))
    check_accessibility("revoke a signboard (en)")
    page.fill("#reason", "The shop closed")
    page.get_by_role("button", name="Revoke the signboard").click()
    expect(page.locator(".flash-success")).to_be_visible()
    page.goto(live_server(f"/signboards/{world['number']}?lang=en"))
    expect(page.locator("main")).to_contain_text("Not active")
