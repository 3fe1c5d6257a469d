"""Download my data and delete my account in a real browser: the ZIP arrives, both pages are
axe-clean in Korean and in English and fit a 390 px phone, and the deleted account is gone."""

from __future__ import annotations

import zipfile

from playwright.sync_api import Page, expect

from tests.browser.test_my_page import _fits_a_phone, _log_in
from tests.factories import PASSWORD, make_pin, make_user


def _person() -> dict:
    me = make_user(display_name="떠나는 이웃")
    make_pin(me, title="연탄이 필요합니다")
    return {"email": me.email, "name": me.display_name}


def _check_both_languages(page: Page, live_server, path: str, check_accessibility) -> None:
    for language in ("en", "ko"):  # Korean last: the journey goes on in Korean
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(live_server(f"{path}?lang={language}"))
        expect(page.locator("html")).to_have_attribute("lang", language)
        check_accessibility(f"{path} ({language})")
        _fits_a_phone(page, f"{path} ({language})")
        check_accessibility(f"{path} at 390px ({language})")


def test_a_person_downloads_their_data_and_deletes_their_account(
    page: Page, live_server, in_live_db, check_accessibility, tmp_path
):
    person = in_live_db(_person)
    _log_in(page, live_server, person["email"])
    page.goto(live_server("/my"))
    page.get_by_role("link", name="내 데이터 내려받기").click()
    expect(page.get_by_role("heading", level=1, name="내 데이터 내려받기")).to_be_visible()
    _check_both_languages(page, live_server, "/my/data", check_accessibility)

    page.fill("#current_password", PASSWORD)
    with page.expect_download() as waiting:
        page.get_by_role("button", name="ZIP 파일 내려받기").click()
    saved = tmp_path / waiting.value.suggested_filename
    waiting.value.save_as(saved)
    assert saved.suffix == ".zip" and zipfile.is_zipfile(saved)
    with zipfile.ZipFile(saved) as archive:
        assert "연탄이 필요합니다" in archive.read("data.json").decode()

    page.goto(live_server("/my"))
    page.get_by_role("link", name="계정 삭제").click()
    expect(page.get_by_role("heading", level=1, name="계정 삭제")).to_be_visible()
    _check_both_languages(page, live_server, "/my/delete", check_accessibility)

    page.fill("#current_password", PASSWORD)
    page.get_by_role("button", name="내 계정 삭제").click()  # no confirmation typed
    expect(page.locator("#confirmation-error")).to_contain_text("계정 삭제")
    page.fill("#current_password", PASSWORD)
    page.fill("#confirmation", "계정 삭제")
    page.get_by_role("button", name="내 계정 삭제").click()
    expect(page.locator(".flash-info")).to_contain_text("계정이 삭제되었습니다")
    expect(page.get_by_role("link", name=person["name"], exact=True)).to_have_count(0)

    page.goto(live_server("/login"))
    page.fill("#email", person["email"])
    page.fill("#password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#password-error")).to_be_visible()
