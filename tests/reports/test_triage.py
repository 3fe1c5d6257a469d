"""The dong's work on a report, on a real database and a frozen clock: triage sets a deadline in
Korean working days (public holidays skipped), an emergency nobody acknowledged goes to the
gu's coordinators exactly once, assignment keeps to the area's staff (all or nothing), closing
records an outcome, and the history refuses to be rewritten."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from app.accounts.models import Role
from app.clock import SEOUL
from app.errors import DomainError
from app.extensions import db
from app.notifications.models import Notification, NotificationKind
from app.reports import triage as triage_module
from app.reports.errors import NotAMergeTarget, NotStaffOfTheArea
from app.reports.escalation import claim, escalate_due_emergencies
from app.reports.history import history_of
from app.reports.models import (
    Report,
    ReportEvent,
    ReportEventKind,
    ReportOutcome,
    ReportStatus,
    TriageLevel,
)
from app.reports.triage import acknowledge, assign, assign_all, close, triage
from tests.factories import make_user, reload
from tests.reports.test_reports import IN_FIRST, IN_SECOND, dongs, send  # noqa: F401

# Wednesday before Chuseok 2026: Thursday 24 and Friday 25 September are public holidays.
BEFORE_CHUSEOK = datetime(2026, 9, 23, 10, 0, tzinfo=SEOUL)
LATE_WEDNESDAY = datetime(2026, 9, 23, 17, 0, tzinfo=SEOUL)


def seoul(*args) -> datetime:
    return datetime(*args, tzinfo=SEOUL)


@pytest.fixture
def frozen(monkeypatch):
    """Set the services' clock: `frozen(moment)`."""

    def at(moment: datetime) -> None:
        monkeypatch.setattr(triage_module, "utcnow", lambda: moment.astimezone(UTC))

    return at


def new_report(app, at=IN_FIRST) -> Report:
    send(app.test_client(), at=at)
    return db.session.scalars(select(Report).order_by(Report.id.desc())).first()


def notifications(kind: NotificationKind) -> list[tuple[int, str]]:
    rows = db.session.execute(
        select(Notification.user_id, Notification.body).where(Notification.kind == kind)
    )
    return [tuple(row) for row in rows]


@pytest.fixture
def staff(dongs):  # noqa: F811
    gu, first, second = dongs
    return {
        "first": make_user(Role.STAFF, staff_areas=[first]),
        "second": make_user(Role.STAFF, staff_areas=[second]),
        "gu": make_user(Role.STAFF, staff_areas=[gu]),
    }


def test_triage_counts_working_days_past_the_chuseok_holidays(app, staff, frozen):
    report = new_report(app)
    frozen(BEFORE_CHUSEOK)
    triage(report, staff["first"], TriageLevel.URGENT, "방문 필요")
    # Wednesday is day 0; Thursday and Friday are Chuseok, then the weekend: day 2 is Tuesday.
    assert report.due_at == seoul(2026, 9, 29, 18, 0)
    assert report.status == ReportStatus.IN_REVIEW
    assert report.triaged_by_id == staff["first"].id
    frozen(seoul(2026, 9, 28, 9, 30))
    triage(report, staff["first"], TriageLevel.NORMAL)  # re-triage: a new deadline from now
    assert report.due_at == seoul(2026, 10, 8, 18, 0)  # 7 working days, skipping 5 October
    events = history_of(report)
    assert [(e.kind, e.detail) for e in events] == [
        (ReportEventKind.TRIAGED, "urgent"),
        (ReportEventKind.TRIAGED, "normal"),
    ]
    assert events[0].note == "방문 필요"


def test_an_emergency_nobody_acknowledged_escalates_to_the_gu_once(app, staff, frozen):
    report = new_report(app)
    frozen(LATE_WEDNESDAY)
    triage(report, staff["first"], TriageLevel.EMERGENCY)
    db.session.commit()
    assert [u for u, _ in notifications(NotificationKind.REPORT_EMERGENCY)] == [staff["first"].id]
    # Two office hours: 17:00–18:00 on Wednesday, then 09:00–10:00 on Monday (after Chuseok).
    assert escalate_due_emergencies(seoul(2026, 9, 28, 9, 59)) == []
    assert escalate_due_emergencies(seoul(2026, 9, 28, 10, 0)) == [report.id]
    assert escalate_due_emergencies(seoul(2026, 9, 28, 10, 5)) == []  # never twice
    escalated = reload(report)
    assert escalated.escalated_at == seoul(2026, 9, 28, 10, 0)
    told = notifications(NotificationKind.REPORT_ESCALATED)
    assert [user for user, _ in told] == [staff["gu"].id]  # the gu's coordinator, only
    body = told[0][1]
    assert f"#{report.id}" in body and report.dong.name_ko in body
    assert "우편물" not in body  # no words of the report
    assert [e.kind for e in history_of(escalated)][-1] == ReportEventKind.ESCALATED


def test_an_acknowledged_emergency_does_not_escalate(app, staff, frozen):
    report = new_report(app)
    frozen(LATE_WEDNESDAY)
    triage(report, staff["first"], TriageLevel.EMERGENCY)
    frozen(seoul(2026, 9, 28, 9, 10))
    acknowledge(report, staff["first"])
    db.session.commit()
    assert escalate_due_emergencies(seoul(2026, 10, 1, 12, 0)) == []
    assert notifications(NotificationKind.REPORT_ESCALATED) == []
    with pytest.raises(DomainError):
        acknowledge(report, staff["gu"])  # already acknowledged


def test_only_one_claim_of_an_escalation_wins(app, staff, frozen):
    report = new_report(app)
    frozen(LATE_WEDNESDAY)
    triage(report, staff["first"], TriageLevel.EMERGENCY)
    db.session.commit()
    now = seoul(2026, 9, 28, 11, 0)
    assert claim(report.id, now) is not None
    assert claim(report.id, now) is None  # the second worker's UPDATE changes no row


def test_the_dongs_staff_hear_of_a_new_report(app, staff):
    report = new_report(app)
    told = notifications(NotificationKind.REPORT_RECEIVED)
    assert [user for user, _ in told] == [staff["first"].id]
    assert f"#{report.id}" in told[0][1] and "우편물" not in told[0][1]


def test_assignment_keeps_to_the_reports_area_and_is_all_or_nothing(app, staff):
    here, elsewhere = new_report(app), new_report(app, at=IN_SECOND)
    assign(here, staff["first"], staff["gu"])  # the gu's staff may hold a dong's report
    assert here.assignee_id == staff["gu"].id
    with pytest.raises(NotStaffOfTheArea):
        assign(here, staff["first"], make_user())  # a resident
    db.session.commit()
    with pytest.raises(NotStaffOfTheArea):
        assign_all([here, elsewhere], staff["gu"], staff["second"])
    db.session.rollback()  # what the view's attempt() does on a refusal
    assert reload(here).assignee_id == staff["gu"].id
    assert reload(elsewhere).assignee_id is None


def test_closing_records_the_outcome_and_a_duplicate_merges_within_the_dong(app, staff):
    first, twin, other_dong = new_report(app), new_report(app), new_report(app, at=IN_SECOND)
    with pytest.raises(NotAMergeTarget):
        close(twin, staff["gu"], ReportOutcome.DUPLICATE, merged_into_id=other_dong.id)
    close(twin, staff["first"], ReportOutcome.DUPLICATE, "같은 분", merged_into_id=first.id)
    assert (twin.status, twin.outcome, twin.merged_into_id) == (
        ReportStatus.CLOSED,
        ReportOutcome.DUPLICATE,
        first.id,
    )
    assert twin.closed_at is not None
    last = history_of(twin)[-1]
    assert (last.kind, last.detail, last.note) == (
        ReportEventKind.CLOSED,
        f"duplicate:{first.id}",
        "같은 분",
    )
    with pytest.raises(DomainError):
        triage(twin, staff["first"], TriageLevel.URGENT)  # closed: nothing more


def test_the_history_refuses_to_be_rewritten_but_its_note_can_be_erased(app, staff, frozen):
    report = new_report(app)
    frozen(BEFORE_CHUSEOK)
    triage(report, staff["first"], TriageLevel.URGENT, "메모")
    db.session.commit()
    event = history_of(report)[0]
    with pytest.raises(DBAPIError), db.session.begin_nested():
        db.session.execute(
            text("UPDATE report_events SET kind = 'closed' WHERE id = :id"), {"id": event.id}
        )
    db.session.execute(text("UPDATE report_events SET note = '' WHERE id = :id"), {"id": event.id})
    assert db.session.scalar(select(func.count(ReportEvent.id))) == 1
    assert reload(event).note == ""


def test_retention_erases_the_notes_of_the_history_too(app, staff, frozen):
    from app.reports.retention import forget_who

    report = new_report(app)
    frozen(BEFORE_CHUSEOK)
    triage(report, staff["first"], TriageLevel.URGENT, "Note-Kept-N4")
    close(report, staff["first"], ReportOutcome.NO_NEED, "Note-Kept-N5")
    db.session.commit()
    forget_who(reload(report), datetime(2031, 1, 1, tzinfo=UTC))
    db.session.commit()
    db.session.expire_all()
    events = history_of(report)
    assert [e.note for e in events] == ["", ""]
    assert [e.kind for e in events] == [ReportEventKind.TRIAGED, ReportEventKind.CLOSED]


# --- on the report's page -----------------------------------------------------------------------


def test_staff_triage_assign_and_close_from_the_page_and_see_the_history(app, staff):
    from tests.factories import field_error, login
    from tests.reports.test_reports import views_logged

    report = new_report(app)
    client = app.test_client()
    login(client, staff["first"])
    base = f"/staff/reports/{report.id}"
    html = client.post(f"{base}/triage", data={"level": "sometimes"}).get_data(as_text=True)
    assert field_error(html, "level") and reload(report).triage_level is None
    response = client.post(f"{base}/triage", data={"level": "emergency", "note": "Note-T7"})
    assert response.status_code == 302
    assert client.post(f"{base}/acknowledge").status_code == 302
    resident = make_user()
    html = client.post(f"{base}/assign", data={"assignee": resident.id}).get_data(as_text=True)
    assert field_error(html, "assignee") and reload(report).assignee_id is None
    assert client.post(f"{base}/assign", data={"assignee": staff["gu"].id}).status_code == 302
    html = client.post(f"{base}/close", data={"outcome": "duplicate"}).get_data(as_text=True)
    assert field_error(html, "merged_into") and reload(report).status != ReportStatus.CLOSED
    data = {"outcome": "case_opened", "note": "Note-C8"}
    assert client.post(f"{base}/close", data=data).status_code == 302
    closed = reload(report)
    assert (closed.status, closed.outcome) == (ReportStatus.CLOSED, ReportOutcome.CASE_OPENED)
    before = views_logged(report)
    page = client.get(base).get_data(as_text=True)
    assert views_logged(report) == before + 1
    assert "Note-T7" in page and "Note-C8" in page
    kinds = [e.kind for e in history_of(closed)]
    assert kinds == [
        ReportEventKind.TRIAGED,
        ReportEventKind.ACKNOWLEDGED,
        ReportEventKind.ASSIGNED,
        ReportEventKind.CLOSED,
    ]
    # Another dong's staff cannot act on it: 404, as for a report that does not exist.
    other = app.test_client()
    login(other, staff["second"])
    assert other.post(f"{base}/triage", data={"level": "normal"}).status_code == 404


def test_the_tracking_page_says_being_looked_into_after_triage_and_nothing_more(app, staff):
    from tests.reports.test_reports import track, tracking_code_in

    code = tracking_code_in(send(app.test_client()).get_data(as_text=True))
    report = db.session.scalars(select(Report)).one()
    triage(report, staff["first"], TriageLevel.EMERGENCY, "Note-Hidden-H9")
    db.session.commit()
    html = track(app.test_client(), code)
    assert "Being looked into" in html or "살펴보는 중" in html
    for hidden in ("Note-Hidden-H9", "긴급 (당일)", "Emergency (the same working day)"):
        assert hidden not in html


def test_the_command_and_the_periodic_job_run_the_same_check(app, staff, frozen, monkeypatch):
    from app.jobs import declared_job
    from app.reports import escalation

    report = new_report(app)
    frozen(LATE_WEDNESDAY)
    triage(report, staff["first"], TriageLevel.EMERGENCY)
    db.session.commit()
    job = declared_job("app.reports.tasks.escalate_emergencies")
    assert job is not None and job.schedule is not None  # on the worker's schedule
    monkeypatch.setattr(escalation, "utcnow", lambda: seoul(2026, 9, 28, 10, 30))
    result = app.test_cli_runner().invoke(args=["reports", "escalate"])
    assert result.exit_code == 0 and "escalated: 1" in result.output
    again = app.test_cli_runner().invoke(args=["reports", "escalate"])
    assert "escalated: 0" in again.output
    assert reload(report).escalated_at == seoul(2026, 9, 28, 10, 30)
