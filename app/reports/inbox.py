"""The dong inbox's queries: one work queue of the staff member's areas, the open reports (with
their level, deadline and assignee) and the areas' open public needs. Nothing in a row names a
person, quotes their words or gives a place finer than the dong: the report's own page does,
and logs the view.

Paging is a bounded offset: a queue past MAX_PAGE pages is filtered, not paged through.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import selectinload, undefer

from app.accounts.models import User
from app.areas.models import Area
from app.clock import utcnow
from app.extensions import db
from app.pins.models import Pin, PinKind, PinStatus
from app.reports.models import Report, ReportStatus, TriageLevel
from app.reports.services import exact_point

PER_PAGE = 50
MAX_PAGE = 20


class Show(enum.StrEnum):
    ALL = "all"
    REPORTS = "reports"
    NEEDS = "needs"
    OVERDUE = "overdue"  # the overdue list: open reports past their deadline, soonest due first


class AssigneeFilter(enum.StrEnum):
    ANYONE = ""
    MINE = "mine"
    UNASSIGNED = "unassigned"


@dataclass(frozen=True)
class InboxFilter:
    show: Show = Show.ALL
    level: TriageLevel | None = None
    assignee: AssigneeFilter = AssigneeFilter.ANYONE
    dong: Area | None = None  # one of the staff member's dongs
    page: int = 1


@dataclass(frozen=True)
class InboxPage:
    reports: list[Report]
    needs: list[Pin]
    has_more: bool
    now: datetime


def area_ids(staff: User) -> list[int]:
    return [area.id for area in staff.staff_areas]


def dongs_of(staff: User) -> list[Area]:
    """The dongs the staff member works in (a gu's staff: all of the gu's), for the filter."""
    ids = area_ids(staff)
    if not ids:
        return []
    statement = (
        select(Area)
        .where(or_(Area.id.in_(ids), Area.parent_id.in_(ids)), Area.parent_id.is_not(None))
        .order_by(Area.name_ko)
    )
    return list(db.session.scalars(statement))


def _in_areas(ids: list[int], dong_column, gu_column):
    return or_(dong_column.in_(ids), gu_column.in_(ids))


def _reports(staff: User, chosen: InboxFilter, now: datetime) -> Select:
    statement = select(Report).where(
        _in_areas(area_ids(staff), Report.dong_id, Report.gu_id),
        Report.status != ReportStatus.CLOSED,
    )
    if chosen.level is not None:
        statement = statement.where(Report.triage_level == chosen.level)
    if chosen.assignee == AssigneeFilter.MINE:
        statement = statement.where(Report.assignee_id == staff.id)
    elif chosen.assignee == AssigneeFilter.UNASSIGNED:
        statement = statement.where(Report.assignee_id.is_(None))
    if chosen.dong is not None:
        statement = statement.where(Report.dong_id == chosen.dong.id)
    if chosen.show == Show.OVERDUE:
        return statement.where(Report.due_at < now).order_by(Report.due_at, Report.id)
    # Untriaged first (nobody has read them), then by deadline, then oldest first.
    return statement.order_by(
        Report.triage_level.is_not(None),
        Report.due_at.is_(None),
        Report.due_at,
        Report.created_at,
        Report.id,
    )


def _needs(staff: User, chosen: InboxFilter) -> Select:
    statement = select(Pin).where(
        Pin.kind == PinKind.NEED,
        Pin.status == PinStatus.OPEN,
        _in_areas(area_ids(staff), Pin.dong_id, Pin.gu_id),
    )
    if chosen.dong is not None:
        statement = statement.where(Pin.dong_id == chosen.dong.id)
    return statement.order_by(Pin.created_at, Pin.id)


def _page(statement: Select, page: int, options) -> tuple[list, bool]:
    rows = list(
        db.session.scalars(
            statement.options(*options).limit(PER_PAGE + 1).offset((page - 1) * PER_PAGE)
        )
    )
    return rows[:PER_PAGE], len(rows) > PER_PAGE


def inbox_page(staff: User, chosen: InboxFilter, now: datetime | None = None) -> InboxPage:
    now = now or utcnow()
    if not area_ids(staff):
        return InboxPage([], [], False, now)
    page = min(max(chosen.page, 1), MAX_PAGE)
    reports: list[Report] = []
    needs: list[Pin] = []
    more_reports = more_needs = False
    if chosen.show != Show.NEEDS:
        reports, more_reports = _page(
            _reports(staff, chosen, now),
            page,
            (
                selectinload(Report.crises),
                selectinload(Report.dong),
                selectinload(Report.assignee),
            ),
        )
    # Needs have no level nor assignee: a filter by either, or the overdue list, leaves them out.
    wants_needs = chosen.show in (Show.ALL, Show.NEEDS)
    if wants_needs and chosen.level is None and chosen.assignee == AssigneeFilter.ANYONE:
        needs, more_needs = _page(
            _needs(staff, chosen), page, (selectinload(Pin.category), selectinload(Pin.dong))
        )
    return InboxPage(reports, needs, (more_reports or more_needs) and page < MAX_PAGE, now)


def open_report_points(staff: User, limit: int) -> list[tuple[Report, float, float]]:
    """The open reports of the staff member's areas with their exact points (lon, lat), for
    the staff map: the caller logs each one it shows."""
    ids = area_ids(staff)
    if not ids:
        return []
    statement = (
        select(Report)
        .where(_in_areas(ids, Report.dong_id, Report.gu_id), Report.status != ReportStatus.CLOSED)
        .options(undefer(Report.location))
        .order_by(Report.created_at, Report.id)
        .limit(limit)
    )
    return [(r, *exact_point(r)) for r in db.session.scalars(statement)]
