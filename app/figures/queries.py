"""What /figures shows: the chosen gu and year, and each registered table as published."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select

from app.areas.models import Area, AreaLevel
from app.clock import seoul_today
from app.extensions import db
from app.figures.registry import FigureTable, same_population
from app.figures.suppression import PublishedTable, suppress_linked
from app.query_args import choice_arg

YEARS_SHOWN = 5  # this year and the four before


@dataclass(frozen=True)
class Choice:
    gus: list[Area]
    gu: Area | None
    years: list[int]
    year: int


@dataclass(frozen=True)
class PublishedFigure:
    table: FigureTable
    rows: list[tuple[str, str]]
    columns: list[tuple[str, str]]
    values: PublishedTable

    @property
    def lines(self) -> list[tuple[str, tuple[int | None, ...], int | None]]:
        """Each row's label, its published cells and its published total."""
        return [
            (label, cells, total)
            for (_key, label), cells, total in zip(
                self.rows, self.values.cells, self.values.row_totals, strict=True
            )
        ]


def choice(args: Mapping[str, str]) -> Choice:
    gus = sorted(
        db.session.scalars(select(Area).where(Area.level == AreaLevel.GU)), key=lambda a: a.name
    )
    by_code = {gu.code: gu for gu in gus}
    gu = by_code.get(choice_arg(args, "gu", list(by_code), gus[0].code)) if gus else None
    this_year = seoul_today().year
    years = list(range(this_year, this_year - YEARS_SHOWN, -1))
    year = int(choice_arg(args, "year", [str(y) for y in years], str(this_year)))
    return Choice(gus, gu, years, year)


def published(tables: list[FigureTable], gu: Area, year: int) -> list[PublishedFigure]:
    """The tables as published, each suppressed together with those sharing its totals (so a
    table's CSV alone hides exactly what the page hides)."""
    shown: dict[str, PublishedFigure] = {}
    for table in tables:
        if table.slug in shown:
            continue
        group = same_population(table)
        counts = [t.count(gu, year) for t in group]
        values = suppress_linked([c.matrix() for c in counts])
        for t, c, v in zip(group, counts, values, strict=True):
            shown[t.slug] = PublishedFigure(t, c.rows, c.columns, v)
    return [shown[t.slug] for t in tables]
