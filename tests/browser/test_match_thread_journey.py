"""Two sides of an accepted match talk on its page; the need's author shares the exact place
and a phone number; the helper sees them (and the view is logged). axe on every page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from app.accounts.models import Role
from app.accounts.services import register_user
from app.extensions import db
from app.matching.services import accept_match, propose_match
from app.matching.threads.models import SharedContact, SharedContactView
from app.pins.models import PinKind
from app.pins.services import exact_point
from tests.factories import make_category, make_organisation, make_pin

PASSWORD = "journey passphrase 2026"
PHONE = "010-3141-5926"


def set_up(language: str) -> dict:
    needy = register_user(f"needy.{language}@example.org", f"요청자 {language}", PASSWORD, language)
    member = register_user(
        f"helper.{language}@example.org",
        f"도우미 {language}",
        PASSWORD,
        language,
        role=Role.ORG_MEMBER,
    )
    organisation = make_organisation(representative=member, name_en=f"Thread Centre {language}")
    category = make_category(name_ko=f"반찬 {language}", name_en=f"Side dishes {language}")
    need = make_pin(needy, category=category, lon=126.9812, lat=37.5689)
    offer = make_pin(
        member,
        PinKind.OFFER,
        category,
        organisation=organisation,
        lon=126.9851,
        lat=37.5702,
        title=f"반찬 나눔 {language}",
    )
    match = propose_match(need, offer, member)
    accept_match(match, needy)
    db.session.flush()
    lon, lat = exact_point(need)
    return {"needy": needy.email, "helper": member.email, "match": match.id, "place": (lon, lat)}


def log_in(page: Page, live_server, email: str, language: str) -> None:
    page.goto(live_server(f"/login?lang={language}"))
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()


def log_out(page: Page) -> None:
    page.locator("form[action$='/logout'] button:visible").first.click()


def views_logged(match_id: int) -> int:
    return (
        db.session.scalar(
            select(func.count(SharedContactView.id))
            .join(SharedContact, SharedContact.id == SharedContactView.shared_contact_id)
            .where(SharedContact.match_id == match_id)
        )
        or 0
    )


@pytest.mark.parametrize("language", ["ko", "en"])
def test_two_sides_talk_and_the_author_shares_the_place(
    page: Page, live_server, in_live_db, check_accessibility, language
):
    ids = in_live_db(set_up, language)
    match_page = live_server(f"/matches/{ids['match']}")

    # 1. The helper finds the conversation from their matches and writes first.
    log_in(page, live_server, ids["helper"], language)
    page.goto(live_server("/matches"))
    page.locator(f"#match-{ids['match']} a[href$='/matches/{ids['match']}']").click()
    expect(page).to_have_url(re.compile(rf"/matches/{ids['match']}$"))
    check_accessibility(f"match page, helper ({language})")
    page.fill("#body", "토요일 오전 10시에 찾아가도 될까요?")
    page.locator("#thread form button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()
    expect(page.locator(".thread-message")).to_have_count(1)
    log_out(page)

    # 2. The need's author reads it, answers, and shares the place and a phone number.
    log_in(page, live_server, ids["needy"], language)
    page.goto(match_page)
    expect(page.locator(".thread-message")).to_contain_text("토요일 오전 10시")
    check_accessibility(f"match page, need's author ({language})")
    page.fill("#body", "네, 좋아요. 초인종이 고장 나서 전화 주세요.")
    page.locator("#thread form button[type=submit]").click()
    expect(page.locator(".thread-message")).to_have_count(2)
    page.check("#share_place")
    page.fill("#phone", PHONE)
    page.locator("#shared form[action$='/share'] button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()
    expect(page.locator(".shared-contact")).to_contain_text(PHONE)
    check_accessibility(f"match page after sharing ({language})")
    assert in_live_db(views_logged, ids["match"]) == 0  # the author's own look is not logged
    log_out(page)

    # 3. The helper sees the place and the number; the view is logged.
    log_in(page, live_server, ids["helper"], language)
    page.goto(match_page)
    shared = page.locator(".shared-contact")
    expect(shared).to_contain_text(PHONE)
    lon, lat = ids["place"]
    expect(shared).to_contain_text(f"{lat:.6f}")
    expect(shared).to_contain_text(f"{lon:.6f}")
    expect(page.locator(".thread-message")).to_have_count(2)
    check_accessibility(f"match page, helper with what was shared ({language})")
    assert in_live_db(views_logged, ids["match"]) == 1
