"""The alert form in a real browser: reached from /my, axe-clean in Korean and in English, empty
and with its messages at the fields, and an alert added with it is listed."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.alerts.factories import make_places
from tests.factories import PASSWORD, make_user


def _person_and_places() -> dict:
    places = make_places()
    me = make_user(display_name="알림 이웃")
    return {"email": me.email, "dong": places.west.name_ko, "category": places.food.name_ko}


def _log_in(page: Page, live_server, email: str) -> None:
    page.goto(live_server("/login"))
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()


def test_the_alert_form_in_both_languages_passes_axe(
    page: Page, live_server, in_live_db, check_accessibility
):
    person = in_live_db(_person_and_places)
    _log_in(page, live_server, person["email"])

    page.goto(live_server("/my"))
    page.get_by_role("link", name="내 알림").click()
    page.get_by_role("link", name="알림 추가하기").click()
    expect(page.get_by_role("heading", level=1, name="알림 추가하기")).to_be_visible()
    check_accessibility("/alerts/new (ko)")

    page.get_by_role("button", name="알림 추가").click()
    kinds_error = "새 도움 요청, 새 나눔 또는 둘 다를 고르세요."
    expect(page.locator("#kinds-error")).to_have_text(kinds_error)
    expect(page.locator("#areas-error")).to_have_text("동이나 구를 하나 이상 고르세요.")
    check_accessibility("/alerts/new with its messages (ko)")

    page.get_by_label("새 도움 요청 (도움이 필요한 이웃)").check()
    page.get_by_label(person["dong"], exact=True).check()
    page.get_by_label(person["category"], exact=True).check()
    page.get_by_role("button", name="알림 추가").click()
    expect(page.locator(".flash-success")).to_be_visible()
    alerts = page.get_by_role("list", name="알림")
    expect(alerts).to_contain_text(person["dong"])
    expect(alerts).to_contain_text(person["category"])
    check_accessibility("/alerts (ko)")

    page.goto(live_server("/alerts/new?lang=en"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1, name="Add an alert")).to_be_visible()
    check_accessibility("/alerts/new (en)")
    page.get_by_role("button", name="Add the alert").click()
    expect(page.locator("#areas-error")).to_have_text("Choose at least one dong or gu.")
    check_accessibility("/alerts/new with its messages (en)")
