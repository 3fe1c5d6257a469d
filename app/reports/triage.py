"""The dong's work on a report: triage (a level and its deadline in Korean working days),
acknowledging an emergency, assigning a staff member, and closing with an outcome. Each step
is one service function that checks the report's state, writes the history and flushes; the
view commits (app.actions.attempt).

Triage starts the clock from the moment of triage (`app.workdays.deadline_for`): the dong
cannot be late on a report it had not yet read as urgent. A re-triage sets a new deadline, and
a report triaged an emergency again needs a fresh acknowledgement.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from app.accounts.models import User
from app.clock import utcnow
from app.extensions import db
from app.permissions import is_staff_for_area
from app.reports.errors import (
    AlreadyAcknowledged,
    MergeTargetNeeded,
    NotAMergeTarget,
    NotAnEmergency,
    NotStaffOfTheArea,
    ReportClosed,
)
from app.reports.history import record_event
from app.reports.models import (
    Report,
    ReportEventKind,
    ReportOutcome,
    ReportStatus,
    TriageLevel,
)
from app.reports.staff_notices import tell_dong_of_emergency
from app.workdays import deadline_for


def _open(report: Report) -> None:
    if report.status == ReportStatus.CLOSED:
        raise ReportClosed()


def _move_status(report: Report, staff: User, status: ReportStatus) -> None:
    report.status = status
    report.status_changed_at = utcnow()
    report.status_changed_by_id = staff.id


def triage(report: Report, staff: User, level: TriageLevel, note: str = "") -> None:
    _open(report)
    now = utcnow()
    became_emergency = level == TriageLevel.EMERGENCY and (
        report.triage_level != TriageLevel.EMERGENCY
    )
    report.triage_level = level
    report.triaged_at = now
    report.triaged_by_id = staff.id
    report.due_at = deadline_for(level.value, now)
    if became_emergency:
        # A new emergency: its acknowledgement and escalation start again from now.
        report.acknowledged_at = None
        report.acknowledged_by_id = None
        report.escalated_at = None
    if report.status == ReportStatus.RECEIVED:
        _move_status(report, staff, ReportStatus.IN_REVIEW)
    record_event(report, ReportEventKind.TRIAGED, staff, detail=level.value, note=note)
    if became_emergency:
        tell_dong_of_emergency(report)


def acknowledge(report: Report, staff: User) -> None:
    """ "I'm on it": stops the emergency's escalation to the gu."""
    _open(report)
    if report.triage_level != TriageLevel.EMERGENCY:
        raise NotAnEmergency()
    if report.acknowledged_at is not None:
        raise AlreadyAcknowledged()
    report.acknowledged_at = utcnow()
    report.acknowledged_by_id = staff.id
    record_event(report, ReportEventKind.ACKNOWLEDGED, staff)


def assign(report: Report, staff: User, assignee: User) -> None:
    _open(report)
    # The assignee must be able to open it: staff of its dong, or of the dong's gu.
    if not (is_staff_for_area(assignee, report.dong) or is_staff_for_area(assignee, report.gu)):
        raise NotStaffOfTheArea()
    report.assignee_id = assignee.id
    report.assignee = assignee
    record_event(report, ReportEventKind.ASSIGNED, staff, detail=str(assignee.id))


def assign_all(reports: Sequence[Report], staff: User, assignee: User) -> int:
    """All or nothing: the first refusal raises, and the view's rollback undoes the rest."""
    for report in reports:
        assign(report, staff, assignee)
    return len(reports)


def close(
    report: Report,
    staff: User,
    outcome: ReportOutcome,
    note: str = "",
    merged_into_id: int | None = None,
) -> None:
    _open(report)
    if outcome == ReportOutcome.DUPLICATE:
        if merged_into_id is None:
            raise MergeTargetNeeded()
        target = db.session.scalar(select(Report).where(Report.id == merged_into_id))
        if target is None or target.id == report.id or target.dong_id != report.dong_id:
            raise NotAMergeTarget()
        report.merged_into_id = target.id
    now = utcnow()
    _move_status(report, staff, ReportStatus.CLOSED)
    report.closed_at = now
    report.outcome = outcome
    detail = outcome.value if report.merged_into_id is None else f"{outcome.value}:{merged_into_id}"
    record_event(report, ReportEventKind.CLOSED, staff, detail=detail, note=note)
