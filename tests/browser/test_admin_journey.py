"""A member registers an organisation; an administrator verifies it; the public sees it."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from app.accounts.models import Role
from app.accounts.services import register_user
from app.organisations.models import OrganisationType

PASSWORD = "administrator passphrase"


def log_in(page: Page, live_server, email: str, password: str) -> None:
    page.goto(live_server("/login"))
    page.fill("#email", email)
    page.fill("#password", password)
    page.locator("main").get_by_role("button").click()
    expect(page.locator(".flash-success")).to_be_visible()


def test_administrator_verifies_an_organisation(
    page: Page, live_server, in_live_db, check_accessibility
):
    in_live_db(
        register_user, "city.admin@example.org", "시청 관리자", PASSWORD, "ko", role=Role.ADMIN
    )
    in_live_db(register_user, "centre.lead@example.org", "복지관 팀장", PASSWORD, "ko")

    # A member registers the organisation: it waits for verification, unlisted.
    log_in(page, live_server, "centre.lead@example.org", PASSWORD)
    page.goto(live_server("/organisations/new"))
    check_accessibility("organisation form")
    page.fill("#name_ko", "희망나눔 종합사회복지관")
    page.fill("#name_en", "Hope Sharing Welfare Centre")
    page.select_option("#type", OrganisationType.WELFARE_CENTRE.value)
    page.fill("#contact_phone", "02-123-4567")
    page.locator("main form").get_by_role("button").last.click()
    expect(page.locator(".flash-success")).to_contain_text("희망나눔 종합사회복지관")
    expect(page.locator("main")).to_contain_text("인증 대기 중")
    organisation_url = page.url
    page.goto(live_server("/organisations"))
    expect(page.locator("main")).not_to_contain_text("희망나눔 종합사회복지관")
    page.get_by_role("button", name="로그아웃").click()

    # The administrator verifies it from the queue.
    log_in(page, live_server, "city.admin@example.org", PASSWORD)
    page.get_by_role("link", name="관리").first.click()
    check_accessibility("admin dashboard")
    page.goto(live_server("/admin/organisations"))
    check_accessibility("verification queue")
    row = page.get_by_role("row").filter(has_text="희망나눔 종합사회복지관")
    row.get_by_role("button", name=re.compile(r"^인증 ")).click()
    expect(page.locator(".flash-success")).to_contain_text("희망나눔 종합사회복지관")
    page.get_by_role("button", name="로그아웃").click()

    # Anyone now finds it in the public registry, in Korean and in English.
    page.goto(live_server("/organisations"))
    expect(page.locator("main")).to_contain_text("희망나눔 종합사회복지관")
    check_accessibility("organisations (ko)")
    page.get_by_role("button", name="English").click()
    expect(page.locator("main")).to_contain_text("Hope Sharing Welfare Centre")
    page.get_by_role("link", name="Hope Sharing Welfare Centre").click()
    expect(page).to_have_url(re.compile(re.escape(organisation_url) + "$"))
    expect(page.locator("main")).to_contain_text("02-123-4567")
    check_accessibility("organisation page (en)")
