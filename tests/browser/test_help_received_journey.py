"""From "I need help" to help received, on a phone (issue 13, "Done means"): a resident asks for
help from the home page; a neighbour answers "I can help"; each is told (on the site, and by
email through the worker and a real SMTP server); they talk in the match's conversation; the
author shares the exact place with the helper only (a third person cannot open the match); the
match is fulfilled with a thank-you, and the helper is told. In Korean and in English."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from app.accounts.services import register_user
from app.areas.models import AreaLevel
from tests.browser.conftest import wait_for_email
from tests.browser.test_pin_journey import BLANK_TILE
from tests.factories import make_area, make_category

PASSWORD = "help received passphrase"
PHONE = {"width": 390, "height": 844}
# Each language's need in a dong of its own, away from the other tests' places and outside the
# view of the map test (tests/browser/test_map_page.py counts the clusters it sees).
PLACES = {
    "ko": {"point": (127.2412, 37.7113), "bounds": (127.23, 37.70, 127.25, 37.72)},
    "en": {"point": (127.2712, 37.7313), "bounds": (127.26, 37.72, 127.28, 37.74)},
}
TEXT = {
    "ko": {
        "ask": "도움 요청하기",
        "post need": "도움 요청 올리기",
        "i can help": "도울 수 있어요",
        "accept": "수락",
        "send": "보내기",
        "share": "도우미에게 공유하기",
        "fulfil": "완료로 표시",
    },
    "en": {
        "ask": "Ask for help",
        "post need": "Post the need",
        "i can help": "I can help",
        "accept": "Accept",
        "send": "Send",
        "share": "Share with the helper",
        "fulfil": "Mark as fulfilled",
    },
}


def set_up(language: str) -> dict:
    people = {
        role: register_user(
            f"{role}.help-received.{language}@example.org", f"{name} {language}", PASSWORD, language
        ).email
        for role, name in (("resident", "요청자"), ("neighbour", "이웃"), ("outsider", "남"))
    }
    gu = make_area(level=AreaLevel.GU, bounds=PLACES[language]["bounds"])
    make_area(bounds=PLACES[language]["bounds"], parent=gu)
    category = make_category(name_ko=f"장보기 {language}", name_en=f"Groceries {language}")
    return {**people, "category": category.id}


def log_in(page: Page, live_server, email: str, language: str) -> None:
    page.goto(live_server(f"/login?lang={language}"))
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()


def open_newest_notification(page: Page, live_server, subject: re.Pattern) -> None:
    page.goto(live_server("/notifications"))
    card = page.locator("main .card").filter(has_text=subject).first
    expect(card).to_be_visible()
    card.locator("button[type=submit]").click()


def without_tiles(page: Page) -> None:
    page.route(
        re.compile(r"^https://tile\.openstreetmap\.org/"),
        lambda route: route.fulfill(status=200, content_type="image/png", body=BLANK_TILE),
    )


@pytest.mark.parametrize("language", ["ko", "en"])
def test_a_need_asked_on_a_phone_is_helped_to_the_end(
    page: Page, browser: Browser, live_server, live_mail, in_live_db, check_accessibility, language
):
    words = TEXT[language]
    ids = in_live_db(set_up, language)
    lon, lat = PLACES[language]["point"]
    locale = "ko-KR" if language == "ko" else "en-GB"

    # 1. On a phone, the resident asks for help from the home page.
    page.set_viewport_size(PHONE)
    without_tiles(page)
    log_in(page, live_server, ids["resident"], language)
    page.goto(live_server("/"))
    page.get_by_role("link", name=words["ask"]).first.click()
    expect(page).to_have_url(re.compile(r"/pins/new\?kind=need$"))
    page.select_option("#category", str(ids["category"]))
    page.fill("#title", f"장보기 도움 ({language})")
    page.fill("#description", "무릎이 아파서 시장에 가기 어렵습니다.")
    page.check("#for_whom-0")  # for me
    page.fill("#longitude", f"{lon:.5f}")
    page.fill("#latitude", f"{lat:.5f}")
    page.get_by_role("button", name=words["post need"]).click()
    expect(page.locator(".flash-success")).to_be_visible()
    need_url = page.url
    assert re.search(r"/pins/\d+$", need_url), need_url
    check_accessibility(f"need just asked, on a phone ({language})")

    # 2. A neighbour, on their own phone, answers "I can help" with a message.
    neighbour_context = browser.new_context(viewport=PHONE, locale=locale, timezone_id="Asia/Seoul")
    neighbour = neighbour_context.new_page()
    without_tiles(neighbour)
    try:
        log_in(neighbour, live_server, ids["neighbour"], language)
        neighbour.goto(need_url)
        neighbour.fill("#message", "저도 같은 동네예요. 토요일에 같이 장 보러 가요.")
        neighbour.get_by_role("button", name=words["i can help"]).click()
        expect(neighbour).to_have_url(re.compile(r"/matches/\d+#thread$"))
        match_path = re.search(r"/matches/\d+", neighbour.url).group(0)

        # 3. The resident is told, opens the match, accepts and answers in the thread.
        open_newest_notification(page, live_server, re.compile(r"."))
        expect(page).to_have_url(re.compile(match_path))
        expect(page.locator(".thread-message")).to_contain_text("토요일에 같이 장 보러")
        check_accessibility(f"match page, the resident before accepting ({language})")
        page.get_by_role("button", name=re.compile("^" + words["accept"])).first.click()
        expect(page.locator(".flash-success")).to_be_visible()
        page.fill("#body", "고마워요. 토요일 10시에 만나요.")
        page.locator("#thread form button[type=submit]").click()
        expect(page.locator(".thread-message")).to_have_count(2)

        # 4. The author shares the exact place with the helper only (once the page the message
        # led to has loaded: a check on the page being replaced is lost with it).
        page.wait_for_load_state("load")
        expect(page.locator("#share_place")).to_be_enabled()
        page.check("#share_place")
        page.get_by_role("button", name=words["share"]).click()
        expect(page.locator(".flash-success")).to_be_visible()
        check_accessibility(f"match page after sharing the place, on a phone ({language})")

        # 5. The helper was told by email (the worker, a real SMTP server) and on the site,
        # and sees the place and the answer.
        accepted = wait_for_email(live_mail, ids["neighbour"])
        assert accepted["Content-Language"] == language
        neighbour.goto(live_server(match_path))
        expect(neighbour.locator(".thread-message")).to_have_count(2)
        shared = neighbour.locator(".shared-contact")
        expect(shared).to_contain_text(f"{lat:.5f}")
        expect(shared).to_contain_text(f"{lon:.5f}")
        neighbour.goto(live_server("/notifications"))
        expect(neighbour.locator("main .card").first).to_be_visible()

        # 6. Nobody else opens the match, nor sees the place on the need's page.
        outsider_context = browser.new_context(locale=locale)
        outsider = outsider_context.new_page()
        try:
            log_in(outsider, live_server, ids["outsider"], language)
            response = outsider.goto(live_server(match_path))
            assert response is not None and response.status in (403, 404)
            outsider.goto(need_url)
            expect(outsider.locator("main")).not_to_contain_text(f"{lat:.5f}")
        finally:
            outsider_context.close()

        # 7. The author marks it fulfilled with a thank-you; the helper is told.
        page.goto(live_server(match_path))
        page.fill("#thank_you", "덕분에 장을 잘 봤어요!")
        page.get_by_role("button", name=words["fulfil"]).click()
        expect(page.locator(".flash-success")).to_be_visible()
        expect(page.locator(".thank-you")).to_contain_text("덕분에")
        fulfilled = wait_for_email(live_mail, ids["neighbour"], count=2)
        assert fulfilled["Content-Language"] == language
        neighbour.goto(live_server(match_path))
        expect(neighbour.locator(".thank-you")).to_contain_text("덕분에")
    finally:
        neighbour_context.close()
