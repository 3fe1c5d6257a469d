"""My page (/my) in a real browser: reached from the name in the header, axe-clean in Korean
and in English with every section full and with every section empty, no sideways scroll on a
390 px phone, and a need withdrawn from it comes back to it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from app.accounts.models import Role
from app.clock import utcnow
from app.extensions import db
from app.matching.services import propose_match
from app.notifications.models import Notification, NotificationKind
from app.pins.models import PinKind
from app.stories.models import StoryStatus
from tests.factories import (
    PASSWORD,
    add_member,
    make_category,
    make_organisation,
    make_pin,
    make_user,
)
from tests.ideas.factories import make_idea, support
from tests.stories.factories import make_story

PHONE = {"width": 390, "height": 844}


def _busy_person() -> dict:
    """Someone with something in every section."""
    me = make_user(Role.ORG_MEMBER, display_name="바쁜 이웃")
    food = make_category()
    need = make_pin(me, category=food, title="연탄 200장이 필요합니다")
    expired = make_pin(me, category=food, title="지난 겨울의 도움 요청")
    expired.expires_at = utcnow() - timedelta(days=1)
    make_pin(me, kind=PinKind.OFFER, category=food, title="반찬 나눔")
    propose_match(need, make_pin(make_user(), kind=PinKind.OFFER, category=food), need.author)
    make_idea(me, title="경로당 난방비 지원")
    support(make_idea(title="골목 가로등 늘리기"), me)
    make_story(me, StoryStatus.PENDING, title="따뜻한 겨울 이야기")
    add_member(make_organisation(), me)
    db.session.add(
        Notification(
            user_id=me.id,
            kind=NotificationKind.STORY_PUBLISHED,
            subject="사례가 게시되었습니다",
            body="",
            link="/my/stories",
        )
    )
    db.session.flush()
    return {"email": me.email, "name": me.display_name, "need": need.title}


def _quiet_person() -> dict:
    me = make_user(display_name="새 이웃")
    return {"email": me.email, "name": me.display_name}


def _log_in(page: Page, live_server, email: str) -> None:
    page.goto(live_server("/login"))
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()


def _fits_a_phone(page: Page, context: str) -> None:
    page.set_viewport_size(PHONE)
    sideways = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert sideways <= 0, f"{context}: {sideways}px of sideways scroll at 390px"


@pytest.mark.parametrize("who", ["busy", "quiet"])
def test_my_page_in_both_languages_passes_axe_and_fits_a_phone(
    page: Page, live_server, in_live_db, check_accessibility, who
):
    person = in_live_db(_busy_person if who == "busy" else _quiet_person)
    _log_in(page, live_server, person["email"])

    page.get_by_role("link", name=person["name"], exact=True).click()
    expect(page.get_by_role("heading", level=1, name="내 페이지")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    check_accessibility(f"/my, {who} (ko)")
    _fits_a_phone(page, f"/my, {who} (ko)")

    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server("/my?lang=en"))
    expect(page.get_by_role("heading", level=1, name="My page")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    check_accessibility(f"/my, {who} (en)")
    _fits_a_phone(page, f"/my, {who} (en)")
    check_accessibility(f"/my at 390px, {who} (en)")


def test_a_need_withdrawn_from_my_page_comes_back_to_it(page: Page, live_server, in_live_db):
    person = in_live_db(_busy_person)
    _log_in(page, live_server, person["email"])
    page.goto(live_server("/my"))
    needs = page.get_by_role("list", name="내 도움 요청")
    expect(needs).to_contain_text(person["need"])

    # The button names its need for screen readers ("철회: …").
    withdraw = re.compile(rf"^철회\s*:\s*{re.escape(person['need'])}$")
    needs.get_by_role("button", name=withdraw).click()
    expect(page).to_have_url(live_server("/my"))
    expect(page.locator(".flash-success")).to_be_visible()
    expect(page.get_by_role("list", name="내 도움 요청")).not_to_contain_text(person["need"])
