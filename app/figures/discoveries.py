"""Discoveries: confidential reports counted by dong and by who reported them, per Seoul month.

Only counts leave the database; no report is loaded.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, case, func, select

from app.areas.models import Area
from app.extensions import db
from app.figures.months import month_columns, month_of, month_starts
from app.figures.registry import CountTable, FigureTable, register
from app.reports.models import Report, ReportAbout, ReportChannel

# Who reported, in the order shown. A report made by the site or a partner's system is counted
# by its channel before anything else; a Sharing Neighbour's before a resident's.
REPORTER_TYPES = {
    "sharing_neighbour": _l("A Sharing Neighbour"),
    "resident_self": _l("A resident about themselves"),
    "resident_neighbour": _l("A resident about a neighbour"),
    "partner": _l("A partner (Open311)"),
    "missed_checkin": _l("A missed check-in"),
}


def reporter_type() -> ColumnElement[str]:
    return case(
        (Report.channel == ReportChannel.CHECKIN, "missed_checkin"),
        (Report.channel == ReportChannel.OPEN311, "partner"),
        (Report.from_sharing_neighbour, "sharing_neighbour"),
        (Report.about == ReportAbout.SELF, "resident_self"),
        else_="resident_neighbour",
    )


def _counted(gu: Area, year: int):
    """The reports both tables count: the gu's, in one of its dong (a report whose dong was
    deleted is in neither, so the two tables' totals agree and their difference reveals
    nothing), made within the Seoul year."""
    starts = month_starts(year)
    return (
        Report.gu_id == gu.id,
        Report.dong_id.in_(select(Area.id).where(Area.parent_id == gu.id)),
        Report.created_at >= starts[0],
        Report.created_at < starts[-1],
    )


def by_dong(gu: Area, year: int) -> CountTable:
    month = month_of(Report.created_at, year)
    statement = (
        select(Report.dong_id, month, func.count())
        .where(*_counted(gu, year))
        .group_by(Report.dong_id, month)
    )
    names = {
        str(dong.id): dong.name
        for dong in db.session.scalars(select(Area).where(Area.parent_id == gu.id))
    }
    counts = {(str(dong_id), m): n for dong_id, m, n in db.session.execute(statement) if dong_id}
    rows = sorted(names.items(), key=lambda pair: pair[1])
    return CountTable(rows, month_columns(year), counts)


def by_reporter(gu: Area, year: int) -> CountTable:
    month, reporter = month_of(Report.created_at, year), reporter_type()
    statement = (
        select(reporter, month, func.count()).where(*_counted(gu, year)).group_by(reporter, month)
    )
    counts = {(r, m): n for r, m, n in db.session.execute(statement)}
    rows = [(key, str(label)) for key, label in REPORTER_TYPES.items()]
    return CountTable(rows, month_columns(year), counts)


def register_tables() -> None:
    register(
        FigureTable(
            "discoveries-by-dong",
            _l("Discoveries by dong and month"),
            _l("Dong"),
            by_dong,
            population="discoveries",
        )
    )
    register(
        FigureTable(
            "discoveries-by-reporter",
            _l("Discoveries by reporter and month"),
            _l("Reporter"),
            by_reporter,
            population="discoveries",
        )
    )
