"""The public ledger: redemptions counted and valued, and give-back (people who volunteered and
their hours), by gu and Seoul month of one year.

Only aggregates leave the database. The counts go through app.figures.suppression (a count of
1 to 4 is hidden, and enough others that none can be worked out from the totals); the values
are hidden exactly where their counts are, so a value never reveals a hidden count (a value
divided by a known unit value would) and, the hidden pattern being on cycles only, no hidden
value is determined by the published ones either.

A redemption belongs to the gu of the donor business's area (its dong's gu, or the gu itself);
a business with no area is in no gu and counted nowhere, on the page and in the CSV alike.
A reversed redemption is not counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, case, distinct, extract, func, select
from sqlalchemy.orm import aliased

from app.areas.models import Area, AreaLevel
from app.didimdol.giveback_models import Volunteering
from app.didimdol.models import DonationRecord, DonorEnrolment, Facility
from app.extensions import db
from app.figures.months import month_columns, month_of, month_starts
from app.figures.suppression import PublishedTable, suppress
from app.organisations.models import Organisation


@dataclass(frozen=True)
class LedgerTable:
    """A published count table and the sum table hidden where it is hidden (gus x months)."""

    rows: list[tuple[str, str]]  # (gu code, gu name)
    columns: list[tuple[str, str]]  # (month "1".."12", its short name)
    counts: PublishedTable
    sums: PublishedTable

    def lines(self, table: PublishedTable) -> list[tuple[str, tuple[int | None, ...], int | None]]:
        return [
            (label, cells, total)
            for (_code, label), cells, total in zip(
                self.rows, table.cells, table.row_totals, strict=True
            )
        ]


def gus() -> list[Area]:
    return sorted(
        db.session.scalars(select(Area).where(Area.level == AreaLevel.GU)), key=lambda a: a.name
    )


def gu_of_area(area: type[Area]) -> ColumnElement[int | None]:
    return case((area.level == AreaLevel.GU, area.id), else_=area.parent_id)


def masked_like(sums: Sequence[Sequence[int]], counts: PublishedTable) -> PublishedTable:
    """The sum table with its margins, hidden wherever the count table is."""

    def keep(value: int, shown: int | None) -> int | None:
        return None if shown is None else value

    rows = [sum(row) for row in sums]
    columns = [sum(column) for column in zip(*sums, strict=True)] if sums else []
    return PublishedTable(
        cells=tuple(
            tuple(keep(v, s) for v, s in zip(row, shown, strict=True))
            for row, shown in zip(sums, counts.cells, strict=True)
        ),
        row_totals=tuple(keep(v, s) for v, s in zip(rows, counts.row_totals, strict=True)),
        column_totals=tuple(keep(v, s) for v, s in zip(columns, counts.column_totals, strict=True)),
        grand_total=keep(sum(rows), counts.grand_total),
    )


def publish(
    year: int, areas: list[Area], found: dict[tuple[int, str], tuple[int, int]]
) -> LedgerTable:
    """`found` maps (gu id, month) to (count, sum); what is missing is 0."""
    columns = month_columns(year)
    counts = [[found.get((gu.id, m), (0, 0))[0] for m, _ in columns] for gu in areas]
    sums = [[found.get((gu.id, m), (0, 0))[1] for m, _ in columns] for gu in areas]
    if not areas:
        empty = PublishedTable((), (), tuple(0 for _ in columns), 0)
        return LedgerTable([], columns, empty, empty)
    published = suppress(counts)
    return LedgerTable(
        [(gu.code, gu.name) for gu in areas], columns, published, masked_like(sums, published)
    )


def redemptions(year: int) -> LedgerTable:
    """Standing redemptions (not reversed): how many, and their value in won."""
    starts = month_starts(year)
    place = aliased(Area)
    gu_id, month = gu_of_area(place), month_of(DonationRecord.at, year)
    cancelled = select(DonationRecord.cancels_id).where(DonationRecord.cancels_id.is_not(None))
    statement = (
        select(gu_id, month, func.count(), func.sum(DonationRecord.value))
        .join(DonorEnrolment, DonorEnrolment.id == DonationRecord.enrolment_id)
        .join(Organisation, Organisation.id == DonorEnrolment.organisation_id)
        .join(place, place.id == Organisation.area_id)
        .where(
            DonationRecord.cancels_id.is_(None),
            DonationRecord.id.not_in(cancelled),
            DonationRecord.at >= starts[0],
            DonationRecord.at < starts[-1],
        )
        .group_by(gu_id, month)
    )
    found = {(g, m): (int(n), int(v or 0)) for g, m, n, v in db.session.execute(statement) if g}
    return publish(year, gus(), found)


def volunteering(year: int) -> LedgerTable:
    """Give-back: people who volunteered (each counted once in a gu's month, however often they
    came) and their hours, in the gu of their facility's area. The month is the day's own (a
    Seoul date already). A total counts a person once per month they volunteered in."""
    place = aliased(Area)
    gu_id, month = gu_of_area(place), extract("month", Volunteering.done_on)
    statement = (
        select(
            gu_id,
            month,
            func.count(distinct(Volunteering.beneficiary_id)),
            func.sum(Volunteering.hours),
        )
        .join(Facility, Facility.id == Volunteering.facility_id)
        .join(Organisation, Organisation.id == Facility.organisation_id)
        .join(place, place.id == Organisation.area_id)
        .where(
            Volunteering.done_on >= date(year, 1, 1), Volunteering.done_on < date(year + 1, 1, 1)
        )
        .group_by(gu_id, month)
    )
    found = {
        (g, str(int(m))): (int(n), int(h or 0)) for g, m, n, h in db.session.execute(statement) if g
    }
    return publish(year, gus(), found)
