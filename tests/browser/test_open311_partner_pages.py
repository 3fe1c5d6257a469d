"""The administrators' Open311 partner pages in a real browser, axe-clean in Korean and in
English: the list, the new-partner form (empty, then with its messages at the fields), the
page that shows the key once, and the list with a revoked key."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from app.accounts.models import Role
from tests.factories import PASSWORD, make_user

TEXT = {
    "ko": {
        "list": "Open311 연계 기관",
        "add": "추가하고 키 보기",
        "name error": "연계 기관 이름을 입력하세요.",
    },
    "en": {
        "list": "Open311 partners",
        "add": "Add and show the key",
        "name error": "Name the partner.",
    },
}


def test_the_partner_pages_pass_axe_in_both_languages(
    page: Page, live_server, in_live_db, check_accessibility
):
    email = in_live_db(lambda: make_user(Role.ADMIN).email)
    page.goto(live_server("/login"))
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()
    for language, text in TEXT.items():
        page.goto(live_server(f"/admin/open311?lang={language}"))
        expect(page.get_by_role("heading", level=1, name=text["list"])).to_be_visible()
        check_accessibility(f"the Open311 partners ({language})")

        page.goto(live_server(f"/admin/open311/new?lang={language}"))
        check_accessibility(f"add a partner ({language})")
        page.get_by_role("button", name=text["add"], exact=True).click()
        expect(page.locator("#name-error")).to_have_text(text["name error"])
        check_accessibility(f"add a partner, with its messages ({language})")
        page.fill("#name", f"Bridge {language}")
        page.fill("#contact", "ops desk")
        page.get_by_role("button", name=text["add"], exact=True).click()
        expect(page.locator("[data-partner-key]")).to_have_count(1)
        check_accessibility(f"the new partner's key ({language})")

        page.goto(live_server(f"/admin/open311?lang={language}"))
        page.locator("main form button[type=submit]").first.click()
        expect(page.locator(".flash-success")).to_be_visible()
        check_accessibility(f"the partners with a revoked key ({language})")
