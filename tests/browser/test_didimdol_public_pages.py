"""Didimdol's public pages in a real browser, Korean and English, axe-clean: the donor
directory (a barber with a published pledge), the join page and the public ledger with a
redemption (its small count hidden)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from app.didimdol.redemption import redeem
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
