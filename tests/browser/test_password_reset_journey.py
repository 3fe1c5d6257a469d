"""A person who forgot their password sets a new one through the emailed link (a real SMTP
server, the live server's worker), in Korean, then again in English."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from app.accounts.services import register_user
from tests.account_links import reset_path
from tests.browser.conftest import wait_for_email
from tests.registration import body_of

EMAIL = "forgetful@example.org"


def test_a_forgotten_password_is_reset_by_email(
    page: Page, live_server, live_mail, in_live_db, check_accessibility
):
    in_live_db(register_user, EMAIL, "잊은 이웃", "the password I forgot")

    # Korean: from the login page to the form, and the same answer as for any address.
    page.goto(live_server("/login"))
    page.get_by_role("link", name="비밀번호를 잊으셨나요?").click()
    expect(page).to_have_url(re.compile(r"/password/forgot$"))
    check_accessibility("forgot password (ko)")
    page.fill("#email", "not an address")
    page.get_by_role("button", name="링크 보내기").click()
    expect(page.locator("#email-error")).to_be_visible()
    check_accessibility("forgot password with an error (ko)")
    page.fill("#email", EMAIL)
    page.get_by_role("button", name="링크 보내기").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.locator(".flash-info")).to_contain_text("계정이 있다면")
    check_accessibility("link sent (ko)")

    link = wait_for_email(live_mail, EMAIL)
    assert link["Content-Language"] == "ko"
    page.goto(live_server(reset_path(link)))
    expect(page.get_by_role("heading", name="새 비밀번호 정하기")).to_be_visible()
    check_accessibility("choose a new password (ko)")
    page.fill("#new_password", "short")
    page.fill("#confirm", "short")
    page.get_by_role("button", name="새 비밀번호 저장").click()
    expect(page.locator("#new_password-error")).to_contain_text("12자 이상")
    check_accessibility("new password with an error (ko)")
    page.fill("#new_password", "a new and long passphrase")
    page.fill("#confirm", "a new and long passphrase")
    page.get_by_role("button", name="새 비밀번호 저장").click()
    expect(page.locator(".flash-success")).to_contain_text("새 비밀번호를 저장했습니다")
    expect(page.get_by_role("link", name="잊은 이웃")).to_be_visible()  # signed in
    changed = wait_for_email(live_mail, EMAIL, count=2)
    assert changed["Subject"] == "비밀번호가 바뀌었습니다"

    # The link worked once.
    page.get_by_role("button", name="로그아웃").click()
    page.goto(live_server(reset_path(link)))
    expect(page.get_by_role("heading", name="이 링크는 쓸 수 없습니다")).to_be_visible()
    check_accessibility("used link (ko)")

    # English: the page's language is the email's too (the account chose none).
    page.goto(live_server("/login"))
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("link", name="Forgot your password?").click()
    page.fill("#email", EMAIL.upper())
    page.get_by_role("button", name="Send the link").click()
    expect(page.locator(".flash-info")).to_contain_text(f"If an account exists for {EMAIL}")
    check_accessibility("link sent (en)")
    link = wait_for_email(live_mail, EMAIL, count=3)
    assert link["Subject"] == "Set a new password on Hope Community Map"
    assert "within 2 hours" in body_of(link)
    page.goto(live_server(reset_path(link)))
    check_accessibility("choose a new password (en)")
    page.fill("#new_password", "yet another long passphrase")
    page.fill("#confirm", "yet another long passphrase")
    page.get_by_role("button", name="Set the new password").click()
    expect(page.locator(".flash-success")).to_contain_text("Your new password is set.")

    # The newest password logs in; the one before does not.
    page.get_by_role("button", name="Log out").click()
    page.goto(live_server("/login"))
    page.fill("#email", EMAIL)
    page.fill("#password", "a new and long passphrase")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#password-error")).to_be_visible()
    page.fill("#password", "yet another long passphrase")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="잊은 이웃")).to_be_visible()
