"""Read-only queries of the dong's work on reports: who may be assigned one, where a report
stands against its deadline."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from app.accounts.models import User
from app.clock import utcnow
from app.reports.models import Report, ReportStatus, TriageLevel
from app.reports.staff_notices import staff_holding
from app.workdays import escalation_due_at


def staff_of_areas(area_ids: list[int]) -> list[User]:
    """Everyone who may hold a report of these areas (each once): for the inbox's select."""
    people: dict[int, User] = {}
    for area_id in area_ids:
        people.update((p.id, p) for p in staff_holding(area_id))
    return list(people.values())


def assignable_staff(report: Report) -> list[User]:
    """The staff of the report's dong, then of its gu (each once)."""
    people = {p.id: p for p in staff_holding(report.dong_id) + staff_holding(report.gu_id)}
    return list(people.values())


class DeadlineReading(NamedTuple):
    due_at: datetime | None
    overdue: bool
    escalation_due_at: datetime | None  # an emergency not yet acknowledged


def deadline_reading(report: Report, now: datetime | None = None) -> DeadlineReading:
    now = now or utcnow()
    is_open = report.status != ReportStatus.CLOSED
    overdue = bool(is_open and report.due_at is not None and now > report.due_at)
    waiting = (
        is_open
        and report.triage_level == TriageLevel.EMERGENCY
        and report.acknowledged_at is None
        and report.triaged_at is not None
    )
    escalates_at = escalation_due_at(report.triaged_at) if waiting and report.triaged_at else None
    return DeadlineReading(report.due_at, overdue, escalates_at)
