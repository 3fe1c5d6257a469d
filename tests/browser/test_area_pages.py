"""A gu's and a dong's page in a real browser, on a 390 px phone, in Korean and in English:
the outline is drawn on the map, the figures' tables fit without the page scrolling
sideways, and axe-core finds no WCAG A/AA violation."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from app.areas.models import AreaLevel
from app.pins.models import PinKind, PinStatus
from tests.browser.test_phone_layout import SIDEWAYS, WIDE_ELEMENTS
from tests.browser.test_pin_journey import BLANK_TILE
from tests.factories import make_area, make_category, make_organisation, make_pin, make_user
from tests.ideas.factories import make_idea
from tests.stories.factories import make_story

PHONE = {"width": 390, "height": 844}
# Far from the other browser tests' places, so their points stay outside these areas.
GU = (127.15, 37.45, 127.19, 37.47)
DONG = (127.15, 37.45, 127.17, 37.47)
IN_DONG = (127.16, 37.46)


def create_area_with_figures() -> tuple[str, str]:
    gu = make_area(level=AreaLevel.GU, bounds=GU, name_ko="시험구", name_en="Test-gu")
    dong = make_area(bounds=DONG, parent=gu, name_ko="시험동", name_en="Test-dong")
    giver = make_user()
    organisation = make_organisation(giver, name_ko="시험동 종합사회복지관", area=dong)
    # Long category names: the table's first column has to wrap on a phone.
    for name_ko, name_en in (
        ("긴급 생계비 지원과 생활 필수품", "Emergency living costs and everyday necessities"),
        ("주거 환경 개선과 집수리", "Housing repair and better homes"),
    ):
        category = make_category(name_ko=name_ko, name_en=name_en)
        for status in (PinStatus.OPEN, PinStatus.OPEN, PinStatus.OPEN, PinStatus.FULFILLED):
            need = make_pin(category=category, lon=IN_DONG[0], lat=IN_DONG[1])
            need.status = status
        make_pin(giver, PinKind.OFFER, category, IN_DONG[0], IN_DONG[1], organisation)
        make_idea(area=dong, category=category)
        make_story(area=dong, category=category)
    return gu.code, dong.code


def test_a_gu_and_a_dong_page_on_a_phone(page: Page, live_server, in_live_db, check_accessibility):
    page.route(
        re.compile(r"^https://tile\.openstreetmap\.org/"),
        lambda route: route.fulfill(status=200, content_type="image/png", body=BLANK_TILE),
    )
    codes = in_live_db(create_area_with_figures)
    page.set_viewport_size(PHONE)
    for language in ("ko", "en"):
        for code in codes:
            page.goto(live_server(f"/areas/{code}?lang={language}"))
            context = f"/areas/{code} in {language}"
            expect(page.locator("html")).to_have_attribute("lang", language)
            # The outline is drawn (an SVG path in Leaflet's overlay pane), and nothing else.
            expect(page.locator(".area-map .leaflet-overlay-pane path")).to_have_count(1)
            expect(page.locator(".area-map .leaflet-marker-icon")).to_have_count(0)
            expect(page.locator("#area-needs tbody tr")).to_have_count(2)
            expect(page.locator("#area-offers tbody tr")).to_have_count(2)
            scroll_width, screen_width = page.evaluate(SIDEWAYS)
            assert scroll_width <= screen_width, (context, page.evaluate(WIDE_ELEMENTS))
            table_width = page.evaluate(
                "() => document.querySelector('#area-needs').getBoundingClientRect().width"
            )
            assert table_width <= screen_width, f"{context}: the table scrolls in its frame"
            check_accessibility(context)
