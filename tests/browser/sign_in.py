"""Signing in through the login page, as a person would: the browser tests' shared first step."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.factories import PASSWORD


def log_in(page: Page, live_server, email: str, password: str = PASSWORD) -> None:
    page.goto(live_server("/login"))
    page.fill("#email", email)
    page.fill("#password", password)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()
