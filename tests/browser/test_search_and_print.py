"""Search results and print in a real browser: axe-core finds no WCAG A/AA violation on a
search result page and on the "nothing found" page, in Korean and English; printed (print
media emulated), a page drops its navigation, language switch and forms and keeps its content."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Page, expect

from app.pins.models import PinKind
from tests.factories import make_pin


@pytest.fixture
def offer(in_live_db):
    word = f"Lantern{uuid.uuid4().hex[:6]}"
    pin = in_live_db(lambda: make_pin(kind=PinKind.OFFER, title=f"{word} for a neighbour"))
    return word, pin.id


@pytest.mark.parametrize("language", ["ko", "en"])
def test_a_search_result_page_passes_axe(
    page: Page, live_server, check_accessibility, offer, language
):
    word, pin_id = offer
    page.goto(live_server(f"/pins?q={word}&sort=oldest&lang={language}"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator(f'a[href="/pins/{pin_id}"]')).to_be_visible()
    expect(page.locator("#q")).to_have_value(word)
    check_accessibility(f"search results in {language}")
    page.goto(live_server(f"/pins?q=zz{word}zz&lang={language}"))
    expect(page.locator(".empty-state")).to_be_visible()
    check_accessibility(f"nothing found in {language}")


def test_printed_pages_keep_content_and_drop_navigation(page: Page, live_server, offer):
    word, pin_id = offer
    page.emulate_media(media="print")
    page.goto(live_server(f"/pins/{pin_id}?lang=en"))
    expect(page.locator("h1")).to_contain_text(word)
    expect(page.locator("nav.main-nav")).to_be_hidden()
    expect(page.locator("form.language-switch")).to_be_hidden()
    expect(page.locator(".pin-map")).to_be_hidden()
    page.goto(live_server(f"/pins?q={word}&lang=en"))
    expect(page.locator("form.filters")).to_be_hidden()
    expect(page.locator(f'a[href="/pins/{pin_id}"]')).to_be_visible()
    page.goto(live_server("/map?lang=en"))
    expect(page.locator(".map-frame")).to_be_hidden()
    expect(page.get_by_text("A map cannot be used on paper.")).to_be_visible()
    # On a screen the same pages show their navigation, and the note stays out of sight.
    page.emulate_media(media="screen")
    page.goto(live_server("/map?lang=en"))
    expect(page.get_by_text("A map cannot be used on paper.")).to_be_hidden()


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_site_search_passes_axe(page: Page, live_server, check_accessibility, offer, language):
    word, pin_id = offer
    page.goto(live_server(f"/search?q={word}&lang={language}"))
    expect(page.locator(f'a[href="/pins/{pin_id}"]')).to_be_visible()
    check_accessibility(f"site search in {language}")
