"""The public list of pins (/pins), a page at a time without reading the whole table.

Every order pages by keyset: a link to the next page carries the sort key of the last pin
shown, and an index holding that order finds the page at once, however deep. Newest and oldest
first read (created_at, id) from the composite indexes of migration 1250 (status, kind,
category, gu or dong, each followed by created_at and id); "expiring" lists only needs with an
expiry date, soonest first, and reads (expires_at, id) from ix_pins_list_expiring (migration
1255). Offers never expire, so listing them "expiring first" meant sorting a million rows on a
computed NULLS LAST to put them at the end. A page number still works for bookmarks up to
app.paging.MAX_NUMBERED_PAGE. The total is counted only up to a limit; beyond it comes a kept
figure (the map's cluster totals, through extension_points.kept_pin_total) or the database's
estimate (app.paging.bounded_total).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select, tuple_
from sqlalchemy.orm import defer, selectinload

from app.clock import utcnow
from app.extensions import db
from app.paging import Cursor, ListTotal, bounded_total
from app.pins.extension_points import kept_pin_total
from app.pins.models import Pin, PinKind, PinStatus
from app.pins.privacy import PIN_TEXT, text_is_public
from app.pins.services import PinFilters, pin_filter_conditions, searched_names
from app.text_search import words_condition

PER_PAGE = 20


@dataclass(frozen=True)
class PinListPage:
    """One page of the list and the ways on from it."""

    pins: list[Pin]
    total: ListTotal
    number: int | None  # the page number asked for; None on a page reached by a cursor
    older: Cursor | None  # the next page in the list's order ("after=")
    newer: Cursor | None  # the page before it, when reached by a cursor ("before=")
    next_number: int | None = None  # always None here (every order pages by keyset)

    @property
    def previous_number(self) -> int | None:
        return self.number - 1 if self.number is not None and self.number > 1 else None


def _sort_key(sort: str) -> tuple:
    """The columns a sort orders by (each ending in the id, so the order is total), and
    whether it reads them ascending."""
    if sort == "expiring":
        return (Pin.expires_at, Pin.id), True
    return (Pin.created_at, Pin.id), sort == "oldest"


def _ordered_by(sort: str, reverse: bool = False) -> list:
    columns, ascending = _sort_key(sort)
    forwards = ascending != reverse
    return [column.asc() if forwards else column.desc() for column in columns]


def _sort_conditions(sort: str, filters: PinFilters, now: datetime) -> list:
    """What a sort itself narrows the list to."""
    if sort != "expiring":
        return []
    conditions = [Pin.kind == PinKind.NEED, Pin.expires_at.is_not(None)]
    if set(filters.statuses) == {PinStatus.OPEN}:
        # Implied by the filters' "not overdue", but spelt as a range the index can start at
        # (past it lie the overdue needs `flask pins expire` has not closed yet).
        conditions.append(Pin.expires_at > now)
    return conditions


def _beyond(cursor: Cursor, sort: str, towards_later: bool):
    """Rows after the cursor in the list's order (`towards_later`) or before it."""
    columns, ascending = _sort_key(sort)
    key = tuple_(*columns)
    edge = (cursor.created_at, cursor.id)
    return key > edge if ascending == towards_later else key < edge


def _cursor_of(pin: Pin, sort: str) -> Cursor:
    moment = pin.expires_at if sort == "expiring" else pin.created_at
    assert moment is not None  # the expiring order lists only pins with an expiry date
    return Cursor(moment, pin.id)


def list_pins(
    filters: PinFilters,
    number: int = 1,
    after: Cursor | None = None,
    before: Cursor | None = None,
    now: datetime | None = None,
) -> PinListPage:
    """Public pins matching the filters and the search words, in the chosen order: page
    `number`, or the page after (or before) a cursor when the order pages by keyset.

    The exact location is not even loaded: the list is built from `public_pin()`.
    """
    now = now or utcnow()
    conditions = [
        *pin_filter_conditions(filters, now),
        *_sort_conditions(filters.sort, filters, now),
        words_condition(
            filters.query, index=PIN_TEXT, shown=text_is_public(now), named=searched_names()
        ),
    ]
    statement: Select = (
        select(Pin)
        .where(*conditions)
        .options(
            defer(Pin.location),
            selectinload(Pin.category),
            selectinload(Pin.public_dong),
            selectinload(Pin.public_gu),
            selectinload(Pin.organisation),
        )
        .limit(PER_PAGE + 1)  # one more tells whether a next page exists
    )
    cursor = after or before
    if cursor is not None:
        towards_older = before is None
        statement = statement.where(_beyond(cursor, filters.sort, towards_older)).order_by(
            *_ordered_by(filters.sort, reverse=not towards_older)
        )
        pins = list(db.session.scalars(statement))
        more = len(pins) > PER_PAGE
        pins = pins[:PER_PAGE]
        if not towards_older:
            pins.reverse()
        older = _cursor_of(pins[-1], filters.sort) if pins and (more or not towards_older) else None
        newer = _cursor_of(pins[0], filters.sort) if pins and (towards_older or more) else None
        page_number = None
    else:
        statement = statement.order_by(*_ordered_by(filters.sort)).offset((number - 1) * PER_PAGE)
        pins = list(db.session.scalars(statement))
        more = len(pins) > PER_PAGE
        pins = pins[:PER_PAGE]
        older = _cursor_of(pins[-1], filters.sort) if pins and more else None
        newer = None
        page_number = number
    total = bounded_total(select(Pin.id).where(*conditions), kept_total_for(filters))
    return PinListPage(pins, total, page_number, older, newer)


def kept_total_for(filters: PinFilters) -> int | None:
    """A kept count for filters without search words (the kept figures know no words)."""
    return None if filters.query else kept_pin_total(filters)
