"""An emergency nobody acknowledged within ESCALATE_EMERGENCY_AFTER_OFFICE_HOURS (2) office
hours of its triage goes to the gu's coordinators, exactly once.

Each report is claimed by a conditional UPDATE (still unacknowledged, not yet escalated, still
open): of two workers, or a worker and `flask reports escalate`, only the one whose UPDATE
changed the row notifies. Each claim commits on its own, so one report's failure does not hold
back the others.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update

from app.clock import utcnow
from app.extensions import db
from app.reports.history import record_event
from app.reports.models import Report, ReportEventKind, ReportStatus, TriageLevel
from app.reports.staff_notices import tell_gu_of_escalation
from app.transactions import writing
from app.workdays import escalation_due_at


def _waiting_emergencies():
    return (
        (Report.triage_level == TriageLevel.EMERGENCY)
        & Report.acknowledged_at.is_(None)
        & Report.escalated_at.is_(None)
        & (Report.status != ReportStatus.CLOSED)
    )


def due_for_escalation(now: datetime) -> list[int]:
    """The emergencies whose escalation moment has come, as of `now` (a frozen clock in tests).

    Office hours are never shorter than wall-clock hours, so nothing triaged within the last
    two wall-clock hours can be due: the working-day arithmetic runs on the few older ones."""
    earliest_possible = now - timedelta(hours=_hours())
    rows = db.session.execute(
        select(Report.id, Report.triaged_at).where(
            _waiting_emergencies(), Report.triaged_at <= earliest_possible
        )
    )
    return [id_ for id_, triaged_at in rows if triaged_at and now >= escalation_due_at(triaged_at)]


def _hours() -> float:
    return float(current_app.config["ESCALATE_EMERGENCY_AFTER_OFFICE_HOURS"])


def claim(report_id: int, now: datetime) -> Report | None:
    """The report, if this transaction is the one that escalates it; else None."""
    claimed = db.session.execute(
        update(Report)
        .where(Report.id == report_id, _waiting_emergencies())
        .values(escalated_at=now)
        .execution_options(synchronize_session=False)
    )
    if getattr(claimed, "rowcount", 0) != 1:
        return None
    report = db.session.get(Report, report_id)
    if report is not None:
        db.session.refresh(report)
    return report


def escalate_due_emergencies(now: datetime | None = None) -> list[int]:
    """Escalate every due emergency, committing each; the ids escalated by this call."""
    now = now or utcnow()
    escalated = []
    due = due_for_escalation(now)
    db.session.commit()  # ends the read: each claim is a write transaction of its own
    for report_id in due:
        with writing():  # on SQLite, the write lock first (app.transactions)
            report = claim(report_id, now)
            if report is not None:
                record_event(
                    report, ReportEventKind.ESCALATED, None, detail=TriageLevel.EMERGENCY.value
                )
                tell_gu_of_escalation(report)
                escalated.append(report_id)
            db.session.commit()
    return escalated
