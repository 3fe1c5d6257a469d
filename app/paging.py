"""Lists that do not scan: a bounded page number, a keyset cursor, and a total that is counted
only while counting is cheap.

`db.paginate` counts every matching row for "page x of y" and skips `(page - 1) × per_page`
rows to reach a page: at a million pins both read the whole table on every request. Here a
page number is taken only up to MAX_NUMBERED_PAGE (a bookmark of an early page keeps
working); further pages are reached by a cursor, the sort key of the last row shown, which an
index finds at once. A total is exact up to EXACT_COUNT_LIMIT rows (a LIMIT bounds the
count); beyond that it is a figure kept elsewhere (a feature passes it) or the database's own
estimate (PostgreSQL's planner), shown as "about"; SQLite has no estimate, so its lists say
"more than". This module is the only one that asks PostgreSQL for a plan, which is why it
knows the dialect (app.geo keeps the spatial differences).
"""

from __future__ import annotations

import enum
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import abort
from flask_sqlalchemy.pagination import SelectPagination
from sqlalchemy import ClauseElement, Executable, Select, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import lazyload

from app.extensions import db

MAX_NUMBERED_PAGE = 20
EXACT_COUNT_LIMIT = 1000

# `<microseconds since 1970>_<id>`: digits only, bounded, read by one regular expression.
_CURSOR = re.compile(r"(\d{1,17})_(\d{1,9})")


class TotalKind(enum.Enum):
    EXACT = "exact"
    ABOUT = "about"  # an estimate or a kept figure that may be slightly off
    MORE_THAN = "more_than"  # only a lower bound is known


@dataclass(frozen=True)
class ListTotal:
    """How many rows a list has, as far as it is cheap to know."""

    value: int
    kind: TotalKind = TotalKind.EXACT

    @property
    def exact(self) -> bool:
        return self.kind == TotalKind.EXACT


@dataclass(frozen=True)
class Cursor:
    """Where a keyset page starts: the (created_at, id) of the row before it."""

    created_at: datetime
    id: int

    @property
    def token(self) -> str:
        moment = self.created_at if self.created_at.tzinfo else self.created_at.replace(tzinfo=UTC)
        micros = (moment - datetime(1970, 1, 1, tzinfo=UTC)) // _MICROSECOND
        return f"{micros}_{self.id}"


_MICROSECOND = datetime(1970, 1, 1, 0, 0, 0, 1, tzinfo=UTC) - datetime(1970, 1, 1, tzinfo=UTC)


def parse_cursor(raw: str | None) -> Cursor | None:
    """The cursor a link carries, or None when it is absent or not one of ours (a hand-edited
    or truncated link then shows the first page, like every bad query parameter)."""
    match = _CURSOR.fullmatch((raw or "").strip())
    if match is None:
        return None
    try:
        moment = datetime(1970, 1, 1, tzinfo=UTC) + int(match.group(1)) * _MICROSECOND
    except OverflowError:
        return None
    return Cursor(moment, int(match.group(2)))


def rounded_estimate(value: int) -> int:
    """Two significant figures: an estimate should not look more precise than it is."""
    if value < 100:
        return value
    step = 10 ** (len(str(value)) - 2)
    return round(value / step) * step


def bounded_total(ids: Select, kept: int | None = None) -> ListTotal:
    """How many rows `ids` (a SELECT of one column, without ORDER BY) gives: exact while it is
    at most EXACT_COUNT_LIMIT, else `kept` (a figure the caller keeps up to date) or the
    planner's estimate, as "about"; without either, "more than" the limit."""
    counted = db.session.scalar(
        select(func.count()).select_from(ids.limit(EXACT_COUNT_LIMIT + 1).subquery())
    )
    if counted is not None and counted <= EXACT_COUNT_LIMIT:
        return ListTotal(counted)
    if kept is not None and kept > EXACT_COUNT_LIMIT:
        return ListTotal(rounded_estimate(kept), TotalKind.ABOUT)
    estimate = planner_estimate(ids)
    if estimate is not None and estimate > EXACT_COUNT_LIMIT:
        return ListTotal(rounded_estimate(estimate), TotalKind.ABOUT)
    return ListTotal(EXACT_COUNT_LIMIT, TotalKind.MORE_THAN)


class _Explain(Executable, ClauseElement):
    """`EXPLAIN (FORMAT JSON) <statement>`, compiled with the statement's own bind types."""

    inherit_cache = False

    def __init__(self, statement: Select) -> None:
        self.statement = statement


@compiles(_Explain, "postgresql")
def _compile_explain(element: _Explain, compiler, **kw) -> str:
    return "EXPLAIN (FORMAT JSON) " + compiler.process(element.statement, **kw)


def planner_estimate(statement: Select) -> int | None:
    """PostgreSQL's estimate of the rows `statement` returns (from its statistics, without
    running it); None on SQLite, which keeps no such figure."""
    if db.session.get_bind().dialect.name != "postgresql":
        return None
    plan = db.session.execute(_Explain(statement)).scalar()
    if isinstance(plan, str):  # a driver that does not decode json
        plan = json.loads(plan)
    if not plan:
        return None
    return int(plan[0]["Plan"]["Plan Rows"])


class BoundedPagination(SelectPagination):
    """`db.paginate`'s page for lists that page by number only, with both costs bounded: page
    numbers stop at MAX_NUMBERED_PAGE (the view refuses beyond, see `bounded_paginate`) and
    the count stops one row past the last numbered page, so `total` is exact up to there and
    `capped` says there are more than it counts."""

    capped: bool = False

    def _query_count(self) -> int:
        cap = MAX_NUMBERED_PAGE * self.per_page
        statement = self._query_args["select"]
        rows = statement.options(lazyload("*")).order_by(None).limit(cap + 1).subquery()
        counted = int(self._query_args["session"].scalar(select(func.count()).select_from(rows)))
        self.capped = counted > cap
        return min(counted, cap)


def bounded_paginate(
    statement: Select, page: int, per_page: int, error_out: bool = True
) -> BoundedPagination:
    """A page of `statement` by number. Past the last numbered page: a 404, as a page past
    the end of a list already is (or, without `error_out`, an empty page)."""
    if page > MAX_NUMBERED_PAGE:
        if error_out:
            abort(404)
        page = MAX_NUMBERED_PAGE + 1  # skips at most one page more than a numbered one
    return BoundedPagination(
        select=statement,
        session=db.session(),
        page=page,
        per_page=per_page,
        max_per_page=None,
        error_out=error_out,
    )
