"""The figure tables /figures publishes: each counts something by a row and a month for one gu
and one year. Features register theirs (reports' discoveries here; the integrator registers
visits by outcome once app.visits exists), so this page never imports a feature above it.

A table counts with one aggregate query (GROUP BY in the database); its counts go through
app.figures.suppression before anyone sees them, in the page and in the CSV alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import LazyString

from app.areas.models import Area


@dataclass(frozen=True)
class CountTable:
    """Raw counts: never shown as they are. `rows` and `columns` are (key, label) pairs in the
    order to show; a pair missing from `counts` is 0."""

    rows: list[tuple[str, str]]
    columns: list[tuple[str, str]]
    counts: dict[tuple[str, str], int]

    def matrix(self) -> list[list[int]]:
        return [[self.counts.get((r, c), 0) for c, _ in self.columns] for r, _ in self.rows]


@dataclass(frozen=True)
class FigureTable:
    slug: str  # in the CSV's address and file name: ASCII, stable
    caption: LazyString
    row_heading: LazyString  # what a row is ("Dong", "Reporter")
    count: Callable[[Area, int], CountTable]  # (gu, year) -> counts
    # Tables counting the same events (the same months, the same grand total) by different
    # rows name one population: they are suppressed together (suppress_linked).
    population: str = ""


_tables: dict[str, FigureTable] = {}


def register(table: FigureTable) -> None:
    if table.slug in _tables and _tables[table.slug] != table:
        raise ValueError(f"figure table {table.slug!r} is already registered")
    _tables[table.slug] = table


def figure_tables() -> list[FigureTable]:
    return list(_tables.values())


def figure_table(slug: str) -> FigureTable | None:
    return _tables.get(slug)


def same_population(table: FigureTable) -> list[FigureTable]:
    """The table and those whose totals it shares, in registration order."""
    if not table.population:
        return [table]
    return [t for t in _tables.values() if t.population == table.population]
