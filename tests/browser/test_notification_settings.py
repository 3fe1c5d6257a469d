"""The notification settings page in a real browser: reached from My page, axe-clean in Korean
and in English, and a choice saved comes back checked."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from app.accounts.models import Role
from tests.factories import PASSWORD, make_user


def _person() -> dict:
    me = make_user(Role.ORG_MEMBER, display_name="알림 이웃")  # every group, contests too
    return {"email": me.email}


def test_the_settings_page_in_both_languages_passes_axe_and_saves(
    page: Page, live_server, in_live_db, check_accessibility
):
    person = in_live_db(_person)
    page.goto(live_server("/login"))
    page.fill("#email", person["email"])
    page.fill("#password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()

    page.goto(live_server("/my"))
    page.get_by_role("link", name="알림 받는 방법 바꾸기").click()
    expect(page.get_by_role("heading", level=1, name="알림 설정")).to_be_visible()
    check_accessibility("/notifications/settings (ko)")

    page.goto(live_server("/notifications/settings?lang=en"))
    expect(page.get_by_role("heading", level=1, name="Notification settings")).to_be_visible()
    check_accessibility("/notifications/settings (en)")
    steps = page.get_by_role(
        "group", name="Matches: proposed, accepted, declined, withdrawn or fulfilled"
    )
    steps.get_by_role("radio", name="One email a day with all of them").check()
    page.get_by_role("button", name="Save the settings").click()
    expect(page.locator(".flash-success")).to_be_visible()
    page.goto(live_server("/notifications/settings?lang=en"))  # the choice, read back
    expect(steps.get_by_role("radio", name="One email a day with all of them")).to_be_checked()
    check_accessibility("/notifications/settings after saving (en)")
