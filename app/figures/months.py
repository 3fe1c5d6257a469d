"""Months of a year in Seoul time, as SQL: which month a stored UTC moment falls in.

The boundaries are computed here and compared in SQL (a CASE over twelve instants), so the
query is the same on SQLite and PostgreSQL and needs no time-zone support in either.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import format_date
from sqlalchemy import ColumnElement, SQLColumnExpression, case

from app.clock import from_seoul


def month_starts(year: int) -> list[datetime]:
    """The UTC instants at which each Seoul month of `year` starts, and the next year starts."""
    return [from_seoul(datetime(year, m, 1)) for m in range(1, 13)] + [
        from_seoul(datetime(year + 1, 1, 1))
    ]


def month_of(moment: SQLColumnExpression[datetime], year: int) -> ColumnElement[str]:
    """The Seoul month ("1".."12") of a moment already known to fall within `year`."""
    starts = month_starts(year)
    return case(*[(moment < starts[m], str(m)) for m in range(1, 12)], else_="12")


def month_columns(year: int) -> list[tuple[str, str]]:
    return [(str(m), format_date(datetime(year, m, 1), "MMM")) for m in range(1, 13)]
