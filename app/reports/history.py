"""A report's history: one row per step (triaged, acknowledged, assigned, escalated, closed),
append-only (the database refuses to change a row, migration 1231). Flush, never commit."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.accounts.models import User
from app.clock import utcnow
from app.extensions import db
from app.reports.models import Report, ReportEvent, ReportEventKind


def record_event(
    report: Report,
    kind: ReportEventKind,
    actor: User | None,
    *,
    detail: str = "",
    note: str = "",
) -> ReportEvent:
    event = ReportEvent(
        report_id=report.id,
        kind=kind,
        at=utcnow(),
        actor_id=actor.id if actor is not None else None,
        detail=detail,
        note=note.strip(),
    )
    db.session.add(event)
    db.session.flush()
    return event


def history_of(report: Report) -> list[ReportEvent]:
    """Oldest first, as the report's page tells it."""
    statement = (
        select(ReportEvent)
        .where(ReportEvent.report_id == report.id)
        .options(selectinload(ReportEvent.actor))
        .order_by(ReportEvent.at, ReportEvent.id)
    )
    return list(db.session.scalars(statement))
