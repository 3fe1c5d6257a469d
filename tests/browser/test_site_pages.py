"""The information pages and the hotlines in a real browser: axe-core finds no WCAG A/AA
violation on /privacy, /terms, /help, /contact, the home page and the need form, in Korean and
in English, and each hotline is a link a phone dials (tel:) with its name."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from app.accounts.services import register_user
from tests.browser.test_pin_journey import BLANK_TILE

PASSWORD = "site pages passphrase"
HOTLINES = {"119", "112", "129", "120"}


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize("path", ["/privacy", "/terms", "/help", "/contact", "/"])
def test_the_pages_pass_axe(page: Page, live_server, check_accessibility, path, language):
    page.goto(live_server(f"{path}?lang={language}"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    check_accessibility(f"{path} in {language}")
    footer = page.locator("footer.site-footer")
    for name in ("privacy", "terms", "help", "contact"):
        expect(footer.locator(f'a[href="/{name}"]')).to_be_visible()


def test_the_need_form_dials_the_hotlines(page: Page, live_server, in_live_db, check_accessibility):
    page.route(
        re.compile(r"^https://tile\.openstreetmap\.org/"),
        lambda route: route.fulfill(status=200, content_type="image/png", body=BLANK_TILE),
    )
    email = "hotlines@site-pages.example.org"
    in_live_db(lambda: register_user(email, "hotlines", PASSWORD, "ko"))
    page.goto(live_server("/login"))
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()
    page.goto(live_server("/pins/new?kind=need"))
    hotlines = page.locator("main section.hotlines a[href^='tel:']")
    expect(hotlines).to_have_count(4)
    numbers = {link.get_attribute("href").removeprefix("tel:") for link in hotlines.all()}
    assert numbers == HOTLINES
    expect(page.locator("main section.hotlines")).to_contain_text("보건복지상담센터")
    check_accessibility("need form with the hotlines")
