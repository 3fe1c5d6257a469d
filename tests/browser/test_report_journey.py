"""A confidential report in a real browser, in Korean and in English, axe-clean on each page:
a neighbour reports anonymously from a phone (390 px wide) and gets a tracking code; the dong
officer triages it and plans a visit in the dong's round with an outreach visitor; the visitor
records what came of the visit from their phone; the officer closes the report with an outcome;
the tracking page then says "closed", and only that."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from app.accounts.models import Role
from app.areas.models import AreaLevel
from tests.factories import PASSWORD, make_area, make_user

PHONE = {"width": 390, "height": 844}
LON, LAT = 127.0412, 37.6415  # a dong of this test's own

TEXT = {
    "ko": {
        "about": "이웃이 걱정돼요",
        "crisis": "난방",
        "urgency": "이번 주 안에",
        "seen": "무엇을 보거나 들으셨나요?",
        "send": "신고하기",
        "received": "신고가 접수되었습니다",
        "check": "확인",
        "closed": "종결",
        "in_review": "살펴보는 중",
        "outcome": "다른 기관에 연계함",
        "close": "신고 종결",
        "note": "메모(직원만 봄)",
    },
    "en": {
        "about": "I am worried about a neighbour",
        "crisis": "Heating",
        "urgency": "This week",
        "seen": "What did you see or hear?",
        "send": "Send the report",
        "received": "Report received",
        "check": "Check",
        "closed": "Closed",
        "in_review": "Being looked into",
        "outcome": "Referred to another service",
        "close": "Close the report",
        "note": "Note (for the staff only)",
    },
}


def _world(shift: float = 0.0) -> dict:
    """A gu and dong of this test's own (the live database is shared by the session's tests)."""
    gu = make_area(level=AreaLevel.GU, bounds=(127.03 + shift, 37.63, 127.06 + shift, 37.66))
    make_area(parent=gu, bounds=(127.035 + shift, 37.635, 127.05 + shift, 37.65))
    staff = make_user(Role.STAFF, display_name="복지 담당")
    staff.staff_areas = [gu]
    visitor = make_user(Role.OUTREACH_VISITOR, display_name="방문 간호사")
    visitor.staff_areas = [gu]
    return {"email": staff.email, "visitor_email": visitor.email, "visitor_id": visitor.id}


def _sign_in(page: Page, live_server, email: str) -> None:
    page.goto(live_server("/login"))
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main form button[type=submit]")).to_have_count(0)


def _report(page: Page, live_server, language: str, words: str, shift: float = 0.0) -> str:
    text = TEXT[language]
    page.set_viewport_size(PHONE)
    page.goto(live_server(f"/reports/new?lang={language}"))
    expect(page.locator("#content .hotlines a[href='tel:119']")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # no sideways
    page.get_by_label(text["about"]).check()
    page.get_by_label(text["crisis"], exact=True).check()
    page.get_by_label(text["urgency"]).check()
    page.get_by_label(text["seen"]).fill(words)
    page.fill("#longitude", str(LON + shift))
    page.fill("#latitude", str(LAT))
    page.get_by_role("button", name=text["send"]).click()
    expect(page.get_by_role("heading", level=1, name=text["received"])).to_be_visible()
    return page.locator("[data-tracking-code]").inner_text()


def _track(page: Page, live_server, language: str, code: str) -> None:
    page.goto(live_server(f"/reports/track?lang={language}"))
    page.fill("#code", code)
    page.get_by_role("button", name=TEXT[language]["check"], exact=True).click()


def test_a_neighbour_reports_from_a_phone_a_visitor_goes_and_the_dong_closes_it(
    page: Page, browser, live_server, in_live_db, check_accessibility
):
    world = in_live_db(_world)
    staff = browser.new_context().new_page()
    _sign_in(staff, live_server, world["email"])
    visitor = browser.new_context(viewport=PHONE).new_page()
    _sign_in(visitor, live_server, world["visitor_email"])
    for language, text in TEXT.items():
        words = f"Journey-{language} 302호 우편물이 쌓여 있어요"
        page.goto(live_server(f"/reports/new?lang={language}"))
        check_accessibility(f"the report form ({language})")
        code = _report(page, live_server, language, words)
        check_accessibility(f"the tracking code ({language})")

        staff.goto(live_server(f"/staff/reports?lang={language}"))
        # A signed-in reader's language is their account's: the other is asked for by address.
        report_page = staff.locator("table a").first.get_attribute("href")
        staff.goto(live_server(f"{report_page}?lang={language}"))
        expect(staff.locator("dd", has_text=words)).to_be_visible()
        report_path = report_page.split("?")[0]

        # Triage: urgent, two working days; the tracking page now says "being looked into".
        triaging = staff.locator("form[action$='/triage']")
        triaging.locator("input[value='urgent']").check()
        triaging.locator("button[type=submit]").click()
        expect(staff.locator(".flash-success")).to_be_visible()
        _track(page, live_server, language, code)
        expect(page.locator("[data-report-status]")).to_have_text(text["in_review"])

        # Plan a visit in the dong's round (the report is chosen already) with the visitor.
        staff.locator(f"a[href*='report={report_path.rsplit('/', 1)[1]}']").click()
        planning = staff.locator("form[action*='/plan']")
        planning.locator("button[type=submit]").click()
        expect(staff.locator(".flash-success")).to_be_visible()
        assigning = staff.locator("form[action$='/visitors']").last
        assigning.locator(f"input[type=checkbox][value='{world['visitor_id']}']").check()
        assigning.locator("button[type=submit]").click()
        expect(staff.locator(".flash-success")).to_be_visible()
        check_accessibility(f"the dong's round with the new visit ({language})", staff)

        # The visitor, on a phone, finds today's visit and records what came of it.
        visitor.goto(live_server(f"/visits/today?lang={language}"))
        visitor.locator("main .visit-list a").last.click()
        expect(visitor.locator("dd", has_text=words)).to_be_visible()
        recording = visitor.locator("form[action$='/outcome']")
        recording.locator("input[value='urgent_referral']").check()
        recording.locator("textarea").fill("Visit-note 난방비 긴급 지원 연계")
        recording.locator("button[type=submit]").click()
        expect(visitor.locator(".flash-success")).to_be_visible()
        assert visitor.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        check_accessibility(f"the recorded visit on a phone ({language})", visitor)

        # Back on the report: its visit with the outcome; closing asks for the report's outcome.
        staff.goto(live_server(f"{report_path}?lang={language}"))
        expect(staff.locator("a[href^='/visits/']").first).to_be_visible()
        closing = staff.locator("form[action$='/close']")
        closing.get_by_label(text["outcome"]).check()
        closing.get_by_label(text["note"]).fill("방문 후 연계")
        closing.get_by_role("button", name=text["close"]).click()
        expect(staff.locator(".flash-success")).to_be_visible()

        _track(page, live_server, language, code)
        expect(page.locator("[data-report-status]")).to_have_text(text["closed"])
        for private in (words, "방문 후 연계", "Visit-note"):
            assert private not in page.content()
        check_accessibility(f"the status page ({language})")
        page.goto(live_server(f"/reports/track?lang={language}"))
        check_accessibility(f"the tracking form ({language})")


def test_the_staff_pages_pass_axe(page: Page, live_server, in_live_db, check_accessibility):
    world = in_live_db(_world, 0.1)
    _report(page, live_server, "ko", "Axe-staff 이웃이 걱정돼요", shift=0.1)
    page.goto(live_server("/login"))
    page.fill("#email", world["email"])
    page.fill("#password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    for language in TEXT:
        page.goto(live_server(f"/staff/reports?lang={language}"))
        check_accessibility(f"the staff's reports ({language})")
        report_page = page.locator("table a").first.get_attribute("href")
        page.goto(live_server(f"{report_page}?lang={language}"))
        check_accessibility(f"a report for the staff, its forms and history ({language})")
        page.goto(live_server(f"/staff/inbox?lang={language}"))
        expect(page.locator("tr[data-report]").first).to_be_visible()
        check_accessibility(f"the dong inbox ({language})")
        page.goto(live_server(f"/staff/inbox?show=overdue&lang={language}"))
        check_accessibility(f"the overdue list ({language})")
        page.goto(live_server(f"/staff/reports/map?lang={language}"))
        # The points arrived from the JSON endpoint and are drawn as markers.
        expect(page.locator(".leaflet-interactive").first).to_be_attached()
        check_accessibility(f"the staff map ({language})")
