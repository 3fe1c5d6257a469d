"""The public list of pins (/pins), a page at a time without reading the whole table.

The usual orders (newest and oldest first) page by keyset: a link to the next page carries the
(created_at, id) of the last pin shown, and the composite indexes of migration 1250 (status,
kind, category, gu or dong, each followed by created_at and id) find the page at once, however
deep. A page number still works for bookmarks up to app.paging.MAX_NUMBERED_PAGE. The other
orders (expiring first, by category) sort on computed values no index holds, so they page by
number only, within the same bound. The total is counted only up to a limit; beyond it comes a
kept figure (the map's cluster totals, through extension_points.kept_pin_total) or the
database's estimate (app.paging.bounded_total).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, case, select, tuple_
from sqlalchemy.orm import defer, selectinload

from app.categories.models import Category
from app.extensions import db
from app.paging import MAX_NUMBERED_PAGE, Cursor, ListTotal, bounded_total
from app.pins.extension_points import kept_pin_total
from app.pins.models import Pin
from app.pins.privacy import PIN_TEXT, text_is_public
from app.pins.services import PinFilters, pin_filter_conditions, searched_names
from app.text_search import words_condition

PER_PAGE = 20
KEYSET_SORTS = ("newest", "oldest")


@dataclass(frozen=True)
class PinListPage:
    """One page of the list and the ways on from it."""

    pins: list[Pin]
    total: ListTotal
    number: int | None  # the page number asked for; None on a page reached by a cursor
    older: Cursor | None  # the next page in the list's order ("after=")
    newer: Cursor | None  # the page before it, when reached by a cursor ("before=")
    next_number: int | None = None  # orders without a keyset go on by number, within bounds

    @property
    def previous_number(self) -> int | None:
        return self.number - 1 if self.number is not None and self.number > 1 else None


def _ordered_by(sort: str, reverse: bool = False) -> list:
    newest = [Pin.created_at.desc(), Pin.id.desc()]
    oldest = [Pin.created_at.asc(), Pin.id.asc()]
    if sort == "oldest":
        return newest if reverse else oldest
    if sort == "expiring":
        # Needs that expire first; pins without an expiry (offers) after them (NULLS LAST
        # spelt portably), newest first.
        return [case((Pin.expires_at.is_(None), 1), else_=0), Pin.expires_at.asc(), *newest]
    if sort == "category":
        # The admin's order of categories (the forms' order), newest first within each.
        position = (
            select(Category.position)
            .where(Category.id == Pin.category_id)
            .correlate(Pin)
            .scalar_subquery()
        )
        return [position, Pin.category_id, *newest]
    return oldest if reverse else newest


def _beyond(cursor: Cursor, sort: str, towards_older: bool):
    """Rows after the cursor in the list's order (`towards_older`) or before it."""
    key = tuple_(Pin.created_at, Pin.id)
    edge = (cursor.created_at, cursor.id)
    ascending = sort == "oldest"
    return key > edge if ascending == towards_older else key < edge


def _cursor_of(pin: Pin) -> Cursor:
    return Cursor(pin.created_at, pin.id)


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
    conditions = [
        *pin_filter_conditions(filters, now),
        words_condition(
            filters.query, index=PIN_TEXT, shown=text_is_public(now), named=searched_names()
        ),
    ]
    keyset = filters.sort in KEYSET_SORTS
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
    cursor = (after or before) if keyset else None
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
        older = _cursor_of(pins[-1]) if pins and (more or not towards_older) else None
        newer = _cursor_of(pins[0]) if pins and (towards_older or more) else None
        page_number = None
    else:
        statement = statement.order_by(*_ordered_by(filters.sort)).offset((number - 1) * PER_PAGE)
        pins = list(db.session.scalars(statement))
        more = len(pins) > PER_PAGE
        pins = pins[:PER_PAGE]
        older = _cursor_of(pins[-1]) if pins and more and keyset else None
        newer = None
        page_number = number
    next_number = None
    if more and not keyset and number < MAX_NUMBERED_PAGE:
        next_number = number + 1
    total = bounded_total(select(Pin.id).where(*conditions), kept_total_for(filters))
    return PinListPage(pins, total, page_number, older, newer, next_number)


def kept_total_for(filters: PinFilters) -> int | None:
    """A kept count for filters without search words (the kept figures know no words)."""
    return None if filters.query else kept_pin_total(filters)
