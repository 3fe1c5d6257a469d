"""The check-in groups' pages in a real browser, axe-clean in Korean and in English: the
staff's list, the new-group form (empty, then with its messages at the fields), adding a member,
the host's check-in page on a phone, and the member's record."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from app.accounts.models import Role
from app.areas.models import AreaLevel
from app.checkins.models import Cadence
from app.checkins.services import GroupDetails, add_member, create_group
from app.consents.models import ConsentMethod
from tests.factories import PASSWORD, make_area, make_user


def _world() -> dict:
    gu = make_area(level=AreaLevel.GU, bounds=(127.00, 37.66, 127.05, 37.70))
    dong = make_area(parent=gu, bounds=(127.01, 37.67, 127.03, 37.69))
    staff = make_user(Role.STAFF, display_name="안부 담당 직원")
    staff.staff_areas = [gu]
    host = make_user(display_name="모임지기")
    group = create_group(
        GroupDetails(
            name="은행나무 안부 모임",
            lon=127.02,
            lat=37.68,
            cadence=Cadence.WEEKLY,
            weekdays=[0, 1, 2, 3, 4, 5, 6],
            host_email=host.email,
        ),
        dong,
        staff,
    )
    member = add_member(
        group,
        staff,
        label="1번 회원",
        name="최말순",
        phone="010-2222-3333",
        consent_method=ConsentMethod.SIGNED_PAPER,
    )
    return {"staff": staff.email, "host": host.email, "group": group.id, "member": member.id}


def _log_in(page: Page, live_server, email: str) -> None:
    page.goto(live_server("/login"))
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()


TEXT = {
    "ko": {"list": "안부 모임", "set up": "모임 만들기", "name error": "모임 이름을 입력하세요."},
    "en": {
        "list": "Check-in groups",
        "set up": "Set up the group",
        "name error": "Name the group.",
    },
}


def test_the_check_in_pages_pass_axe_in_both_languages(
    page: Page, live_server, in_live_db, check_accessibility
):
    world = in_live_db(_world)
    _log_in(page, live_server, world["staff"])
    for language, text in TEXT.items():
        page.goto(live_server(f"/staff/checkins?lang={language}"))
        expect(page.get_by_role("heading", level=1, name=text["list"])).to_be_visible()
        expect(page.locator("main table")).to_contain_text("은행나무 안부 모임")
        check_accessibility(f"the staff's check-in groups ({language})")

        page.goto(live_server(f"/staff/checkins/new?lang={language}"))
        check_accessibility(f"set up a check-in group ({language})")
        page.get_by_role("button", name=text["set up"], exact=True).click()
        expect(page.locator("#name-error")).to_have_text(text["name error"])
        check_accessibility(f"set up a check-in group, with its messages ({language})")

        page.goto(live_server(f"/staff/checkins/{world['group']}/members/new?lang={language}"))
        check_accessibility(f"add a member ({language})")

        page.goto(live_server(f"/staff/checkins/members/{world['member']}?lang={language}"))
        expect(page.locator("main")).to_contain_text("최말순")
        check_accessibility(f"a member's record ({language})")

        page.goto(live_server(f"/checkins?lang={language}"))
        check_accessibility(f"my check-in groups ({language})")

    _host_records_check_ins_on_a_phone(page, live_server, world, check_accessibility)


def _host_records_check_ins_on_a_phone(page: Page, live_server, world, check_accessibility):
    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    _log_in(page, live_server, world["host"])
    page.goto(live_server(f"/checkins/{world['group']}?lang=ko"))
    expect(page.locator("main")).not_to_contain_text("최말순")
    check_accessibility("the host's check-in page")
    page.get_by_label("만남", exact=True).check()
    page.get_by_role("button", name="안부 확인 기록하기").click()
    expect(page.locator(".flash-success")).to_be_visible()
    expect(page.get_by_label("만남", exact=True)).to_be_checked()
    assert page.evaluate("() => document.scrollingElement.scrollWidth") <= 390
    check_accessibility("the host's check-in page, recorded")
