"""The privacy officer's review of the access log (/privacy/access-log) in a real browser,
axe-clean in Korean and in English: a month with flagged rows (a view outside the viewer's
assigned area, a download after hours), and the CSV form's message at its field when the
officer gives no reason."""

from __future__ import annotations

from datetime import UTC, datetime

from playwright.sync_api import Page, expect

from app.access_log import AccessAction, AccessLogEntry
from app.accounts.models import Role, User
from app.extensions import db
from tests.browser.sign_in import log_in
from tests.factories import make_pin, make_user

MONTH = "2026-11"
NOON_IN_SEOUL = datetime(2026, 11, 3, 3, 0, tzinfo=UTC)  # a Tuesday
NIGHT_IN_SEOUL = datetime(2026, 11, 3, 13, 0, tzinfo=UTC)  # the same Tuesday, 22:00


def _month_with_flags() -> dict:
    officer = make_user(Role.PRIVACY_OFFICER, display_name="개인정보 보호책임자")
    need = make_pin(make_user())
    outsider = make_user(Role.STAFF, display_name="다른 동 직원")  # no area: every need is outside
    clerk = make_user(Role.STAFF, display_name="야간 직원")
    rows = [
        (outsider, NOON_IN_SEOUL, "need", need.id, AccessAction.VIEW, None),
        (clerk, NIGHT_IN_SEOUL, "own_data", clerk.id, AccessAction.DOWNLOAD, "감사 요청"),
    ]
    db.session.add_all(
        AccessLogEntry(
            at=at, actor_id=actor.id, actor_role=actor.role.value, subject_kind=kind,
            subject_id=subject_id, person_id=need.author_id if kind == "need" else actor.id,
            action=action, reason=reason,
        )
        for actor, at, kind, subject_id, action, reason in rows
    )  # fmt: skip
    db.session.flush()
    return {"email": officer.email, "officer": officer.id}


def _reads_english(officer_id: int) -> None:
    # A signed-in reader's language is their account's (?lang= holds for one page only, and
    # the CSV form posts to another address).
    db.session.get(User, officer_id).preferred_language = "en"


TEXT = {
    "ko": {
        "flags": "주의 표시 (2)",
        "outside": "담당 지역 밖",
        "after hours": "업무 시간 외",
        "download": "CSV 파일 내려받기",
        "reason error": "이 파일이 필요한 사유를 적어 주세요. 사유는 접속 기록에 남습니다.",
    },
    "en": {
        "flags": "Flags (2)",
        "outside": "Outside the assignment",
        "after hours": "After hours",
        "download": "Download the CSV file",
        "reason error": "Say why you need this file: it is kept in the access log.",
    },
}


def test_the_access_log_review_passes_axe_in_both_languages(
    page: Page, live_server, in_live_db, check_accessibility
):
    world = in_live_db(_month_with_flags)
    log_in(page, live_server, world["email"])
    for language, text in TEXT.items():
        if language == "en":
            in_live_db(_reads_english, world["officer"])
        page.goto(live_server(f"/privacy/access-log?month={MONTH}&lang={language}"))
        expect(page.locator("#flags-heading")).to_have_text(text["flags"])
        flags = page.locator("ul.flags")
        expect(flags).to_contain_text(text["outside"])
        expect(flags).to_contain_text(text["after hours"])
        check_accessibility(f"a month of the access log with its flags ({language})")

        page.get_by_role("button", name=text["download"]).click()
        expect(page.locator("#reason-error")).to_have_text(text["reason error"])
        expect(page.locator("#reason")).to_have_attribute("aria-invalid", "true")
        check_accessibility(f"the month's CSV form without a reason ({language})")
