"""A visit's record and its amendments; a round's stops, their order and their visitors.
Each function flushes; the view commits (app.actions)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from app.access_log import AccessAction, record_access
from app.accounts.models import User
from app.areas.models import Area
from app.clock import seoul_today, utcnow
from app.extensions import db
from app.reports.models import Report
from app.visits.errors import (
    NotAVisitorOfTheDong,
    NothingChanged,
    NotItsDayYet,
    ReportOfAnotherDong,
    VisitLocked,
    VisitNotLocked,
)
from app.visits.models import Visit, VisitAmendment, VisitKind, VisitOutcome
from app.visits.rules import may_visit_in

HOUSEHOLD = "sweep_household"  # how the access log names a sweep's household
REPORT = "report"  # as app.reports logs its records


def log_visit_access(visit: Visit, action: AccessAction, reason: str | None = None) -> None:
    """One row naming whose record it is: the report's or the household's."""
    if visit.report_id is not None:
        person_id = visit.report.reporter_id if visit.report else None
        record_access(REPORT, visit.report_id, action, person_id=person_id, reason=reason)
    else:
        assert visit.household_id is not None
        record_access(HOUSEHOLD, visit.household_id, action, reason=reason)


@dataclass(frozen=True)
class VisitRecord:
    outcome: VisitOutcome
    notes: str
    next_visit_on: date | None


def record_outcome(visit: Visit, record: VisitRecord, visitor: User) -> None:
    today = seoul_today()
    if visit.is_locked(today):
        raise VisitLocked()
    if today < visit.planned_on:
        raise NotItsDayYet()
    visit.outcome = record.outcome
    visit.notes = record.notes
    visit.next_visit_on = record.next_visit_on
    visit.recorded_by = visitor
    visit.recorded_at = utcnow()
    db.session.flush()
    log_visit_access(visit, AccessAction.EDIT)


# The fields an amendment may change, as text (sealed in the amendment) and back.
AMENDABLE = ("outcome", "notes", "next_visit_on")


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def amend(visit: Visit, field: str, new_value: str, reason: str, by: User) -> VisitAmendment:
    """Change a locked record; the old and the new value and the reason are kept for ever
    (until retention), in a table the database keeps append-only."""
    if not visit.is_locked():
        raise VisitNotLocked()
    assert field in AMENDABLE
    old_value = _as_text(getattr(visit, field))
    if old_value == new_value:
        raise NothingChanged()
    if field == "outcome":
        visit.outcome = VisitOutcome(new_value) if new_value else None
    elif field == "next_visit_on":
        visit.next_visit_on = date.fromisoformat(new_value) if new_value else None
    else:
        visit.notes = new_value
    amendment = VisitAmendment(
        visit_id=visit.id,
        field=field,
        old_value=old_value,
        new_value=new_value,
        reason=reason,
        by=by,
    )
    db.session.add(amendment)
    db.session.flush()
    log_visit_access(visit, AccessAction.EDIT)
    return amendment


# --- rounds -------------------------------------------------------------------------------------


def _next_position(dong: Area, day: date) -> int:
    last = db.session.scalar(
        select(func.max(Visit.round_position)).where(
            Visit.dong_id == dong.id, Visit.planned_on == day
        )
    )
    return (last or 0) + 1


def plan_report_visit(report: Report, dong: Area, day: date, kind: VisitKind, staff: User) -> Visit:
    """A visit to a report's person, added at the end of the day's round."""
    if report.dong_id != dong.id:
        raise ReportOfAnotherDong()
    visit = Visit(
        dong=dong,
        report=report,
        planned_on=day,
        kind=kind,
        round_position=_next_position(dong, day),
        planned_by_id=staff.id,
    )
    db.session.add(visit)
    db.session.flush()
    return visit


def add_to_round(visit: Visit) -> None:
    if visit.round_position is None:
        visit.round_position = _next_position(visit.dong, visit.planned_on)
        db.session.flush()


def add_all_planned(dong: Area, day: date) -> int:
    """Every visit of the dong planned for the day and not in the round yet, at its end."""
    waiting = db.session.scalars(
        select(Visit)
        .where(Visit.dong_id == dong.id, Visit.planned_on == day)
        .where(Visit.round_position.is_(None))
        .order_by(Visit.id)
    ).all()
    position = _next_position(dong, day)
    for offset, visit in enumerate(waiting):
        visit.round_position = position + offset
    db.session.flush()
    return len(waiting)


def move(visit: Visit, up: bool) -> None:
    """Swap the stop with its neighbour before (up) or after it in the round."""
    if visit.round_position is None:
        return
    position = Visit.round_position
    neighbour = db.session.scalars(
        select(Visit)
        .where(Visit.dong_id == visit.dong_id, Visit.planned_on == visit.planned_on)
        .where(position < visit.round_position if up else position > visit.round_position)
        .order_by(position.desc() if up else position)
        .limit(1)
    ).first()
    if neighbour is None:
        return
    visit.round_position, neighbour.round_position = neighbour.round_position, visit.round_position
    db.session.flush()


def assign_visitors(visit: Visit, visitors: list[User]) -> None:
    if not all(may_visit_in(person, visit.dong) for person in visitors):
        raise NotAVisitorOfTheDong()
    visit.visitors = visitors
    db.session.flush()
