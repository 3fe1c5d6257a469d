"""Outreach visits counted by outcome, per month of the visit's day (Seoul dates already).

Only visits with a recorded outcome count: a planned visit is not yet a figure. Only counts
leave the database; no visit is loaded.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import extract, func, select

from app.areas.models import Area
from app.extensions import db
from app.figures.months import month_columns
from app.figures.registry import CountTable, FigureTable, register
from app.labels import label
from app.visits.models import Visit, VisitOutcome


def by_outcome(gu: Area, year: int) -> CountTable:
    month = extract("month", Visit.planned_on)
    statement = (
        select(Visit.outcome, month, func.count())
        .where(
            Visit.dong_id.in_(select(Area.id).where(Area.parent_id == gu.id)),
            Visit.outcome.is_not(None),
            Visit.planned_on >= date(year, 1, 1),
            Visit.planned_on < date(year + 1, 1, 1),
        )
        .group_by(Visit.outcome, month)
    )
    counts = {
        (str(outcome), str(int(m))): n
        for outcome, m, n in db.session.execute(statement)
        if outcome is not None  # never: the query asks for recorded outcomes only
    }
    rows = [(outcome.value, str(label(outcome))) for outcome in VisitOutcome]
    return CountTable(rows, month_columns(year), counts)


def register_tables() -> None:
    register(
        FigureTable(
            "visits-by-outcome",
            _l("Outreach visits by outcome and month"),
            _l("Outcome"),
            by_outcome,
            population="visits",
        )
    )
