"""Read-only queries for the visits' pages."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from app.accounts.models import User, staff_areas
from app.areas.models import Area
from app.extensions import db
from app.reports.models import Report, ReportStatus
from app.visits.models import (
    Sweep,
    SweepHousehold,
    Visit,
    VisitOutcome,
    sweep_dongs,
    visit_visitors,
)
from app.visits.rules import VISITOR_ROLES, may_visit_in


def visits_of(user: User, day: date) -> list[Visit]:
    return list(
        db.session.scalars(
            select(Visit)
            .join(visit_visitors, visit_visitors.c.visit_id == Visit.id)
            .where(visit_visitors.c.user_id == user.id, Visit.planned_on == day)
            .order_by(Visit.dong_id, Visit.round_position.nulls_last(), Visit.id)
        )
    )


def round_of(dong: Area, day: date) -> list[Visit]:
    """The round's stops in order."""
    return list(
        db.session.scalars(
            select(Visit)
            .where(Visit.dong_id == dong.id, Visit.planned_on == day)
            .where(Visit.round_position.is_not(None))
            .order_by(Visit.round_position)
        )
    )


def waiting_for_round(dong: Area, day: date) -> list[Visit]:
    return list(
        db.session.scalars(
            select(Visit)
            .where(Visit.dong_id == dong.id, Visit.planned_on == day)
            .where(Visit.round_position.is_(None))
            .order_by(Visit.id)
        )
    )


def sweeps_covering(dong: Area, day: date) -> list[Sweep]:
    """The sweeps over the dong whose period holds the day: its round visits their
    households."""
    return list(
        db.session.scalars(
            select(Sweep)
            .join(sweep_dongs, sweep_dongs.c.sweep_id == Sweep.id)
            .where(sweep_dongs.c.area_id == dong.id)
            .where(Sweep.starts_on <= day, Sweep.ends_on >= day)
            .order_by(Sweep.starts_on, Sweep.id)
        )
    )


def open_reports(dong: Area) -> list[Report]:
    return list(
        db.session.scalars(
            select(Report)
            .where(Report.dong_id == dong.id, Report.status != ReportStatus.CLOSED)
            .order_by(Report.id)
        )
    )


def visitors_for(dong: Area) -> list[User]:
    """Staff and outreach visitors holding the dong or its gu."""
    held = [dong.id] + ([dong.parent_id] if dong.parent_id is not None else [])
    people = db.session.scalars(
        select(User)
        .join(staff_areas, staff_areas.c.user_id == User.id)
        .where(staff_areas.c.area_id.in_(held), User.role.in_(VISITOR_ROLES))
        .order_by(User.stored_name, User.id)
        .distinct()
    )
    return [person for person in people if may_visit_in(person, dong)]


def progress(sweep_id: int) -> list[tuple[Area, dict[str, int]]]:
    """Per dong: how many visits are planned, not yet visited, and visited by outcome."""
    rows = db.session.execute(
        select(SweepHousehold.dong_id, Visit.outcome, func.count(Visit.id))
        .join(Visit, Visit.household_id == SweepHousehold.id)
        .where(SweepHousehold.sweep_id == sweep_id)
        .group_by(SweepHousehold.dong_id, Visit.outcome)
    ).all()
    by_dong: dict[int, dict[str, int]] = {}
    for dong_id, outcome, count in rows:
        counts = by_dong.setdefault(
            dong_id, {"planned": 0, "not_yet": 0, **{o.value: 0 for o in VisitOutcome}}
        )
        counts["planned"] += count
        counts["not_yet" if outcome is None else VisitOutcome(outcome).value] += count
    areas = {a.id: a for a in db.session.scalars(select(Area).where(Area.id.in_(by_dong)))}
    return sorted(((areas[i], c) for i, c in by_dong.items()), key=lambda item: item[0].code)
