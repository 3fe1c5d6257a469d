"""A new user registers (following the emailed link), logs in, switches to English and back,
and logs out."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import wait_for_email
from tests.registration import link_path


def test_register_login_switch_language_logout(
    page: Page, live_server, live_mail, check_accessibility
):
    page.goto(live_server("/"))
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    check_accessibility("home (ko)")

    page.get_by_role("link", name="회원가입").click()
    expect(page).to_have_url(re.compile(r"/register$"))
    check_accessibility("register (ko)")

    # A too-short password is refused at the field, in Korean, and nothing is lost.
    page.fill("#email", "browser.person@example.org")
    page.fill("#display_name", "브라우저 이웃")
    page.fill("#password", "short")
    page.fill("#confirm", "short")
    page.get_by_role("button", name="회원가입").click()
    expect(page.locator("#password-error")).to_contain_text("12자 이상")
    expect(page.locator("#email")).to_have_value("browser.person@example.org")
    check_accessibility("register with errors (ko)")

    page.fill("#password", "a perfectly long passphrase")
    page.fill("#confirm", "a perfectly long passphrase")
    page.get_by_role("button", name="회원가입").click()
    expect(page.get_by_role("heading", name="이메일을 확인해 주세요")).to_be_visible()
    expect(page.locator("main")).to_contain_text("browser.person@example.org")
    check_accessibility("check your email (ko)")

    # Not signed in before the link: the login page says so and offers to send it again.
    page.goto(live_server("/login"))
    page.fill("#email", "browser.person@example.org")
    page.fill("#password", "a perfectly long passphrase")
    page.get_by_role("button", name="로그인").click()
    expect(page.locator("#email-error")).to_contain_text("메일로 보내 드린 링크")
    check_accessibility("login before the link (ko)")
    page.get_by_role("button", name="링크 다시 보내기").click()
    expect(page.get_by_role("heading", name="이메일을 확인해 주세요")).to_be_visible()

    # The first email's link was replaced by the second's: a page that says so.
    # (The live server's worker sends them: wait for the second to arrive.)
    first = wait_for_email(live_mail, "browser.person@example.org", count=1)
    second = wait_for_email(live_mail, "browser.person@example.org", count=2)
    page.goto(live_server(link_path(first)))
    expect(page.get_by_role("heading", name="이 링크는 쓸 수 없습니다")).to_be_visible()
    check_accessibility("link that does not work (ko)")
    # The newest link: a page that asks for the chosen password finishes and signs in.
    page.goto(live_server(link_path(second)))
    check_accessibility("finish registering (ko)")
    page.fill("#password", "a perfectly long passphrase")
    page.get_by_role("button", name="계정 만들기").click()
    expect(page.locator(".flash-success")).to_contain_text("브라우저 이웃")

    # Log out (a POST form), then log in again.
    page.get_by_role("button", name="로그아웃").click()
    expect(page.get_by_role("link", name="로그인")).to_be_visible()
    page.get_by_role("link", name="로그인").click()
    page.fill("#email", "Browser.Person@example.org")
    page.fill("#password", "not the password at all")
    page.get_by_role("button", name="로그인").click()
    expect(page.locator("#password-error")).to_be_visible()
    page.fill("#password", "a perfectly long passphrase")
    page.get_by_role("button", name="로그인").click()
    expect(page.locator(".flash-success")).to_be_visible()
    expect(page.get_by_role("link", name="브라우저 이웃")).to_be_visible()

    # Switch to English: the page comes back in English, and the account remembers it.
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    expect(page.locator(".flash-success")).to_contain_text("Language changed to English.")
    check_accessibility("home (en)")
    page.get_by_role("link", name="브라우저 이웃").click()  # the name leads to My page
    expect(page).to_have_url(live_server("/my"))
    page.goto(live_server("/account"))
    expect(page.locator("#preferred_language")).to_have_value("en")
    check_accessibility("account (en)")

    # And back to Korean.
    page.get_by_role("button", name="한국어").click()
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page.get_by_role("button", name="로그아웃")).to_be_visible()

    page.get_by_role("button", name="로그아웃").click()
    expect(page.get_by_role("link", name="로그인")).to_be_visible()
    page.goto(live_server("/account"))
    expect(page).to_have_url(re.compile(r"/login\?next="))
