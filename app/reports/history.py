"""A report's history: one row per step (triaged, acknowledged, assigned, escalated, closed),
append-only (the database refuses to change a row, migration 1231). Flush, never commit."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.accounts.models import User
from app.clock import utcnow
from app.extensions import db
from app.labels import label
from app.reports.models import (
    Report,
    ReportEvent,
    ReportEventKind,
    ReportOutcome,
    ReportStatus,
    TriageLevel,
)


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


def what_it_set(event: ReportEvent) -> str:
    """The step's detail in the reader's words: a level, a status, an outcome, a person."""
    detail = event.detail
    if not detail:
        return ""
    if event.kind in (ReportEventKind.TRIAGED, ReportEventKind.ESCALATED):
        return label(TriageLevel(detail))
    if event.kind == ReportEventKind.STATUS_CHANGED:
        return label(ReportStatus(detail))
    if event.kind == ReportEventKind.CLOSED:
        outcome, _, merged_into = detail.partition(":")
        text = label(ReportOutcome(outcome))
        return f"{text} (#{merged_into})" if merged_into else text
    if event.kind == ReportEventKind.ASSIGNED:
        assignee = db.session.get(User, int(detail))
        return assignee.display_name if assignee is not None else ""
    return ""
