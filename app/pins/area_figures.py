"""An area's page (app.areas.extension_points): its needs and offers by category, and the
organisations based in it or offering help in it.

Every figure is counted from what the public already sees: listed pins in a public status
(open, matched, fulfilled; withdrawn, expired, overdue and "I can help" offers left out) by
their public area, the area of their cell's centre (app.pins.privacy), through the same
conditions as the public list. The counting is one grouped query in SQL, however many
categories there are.

Small numbers: a need is about a vulnerable neighbour, and in a dong "1 fulfilled need for
legal help" points at a household as surely as a lone need's words do. So a need count from 1
up to NEED_TEXT_MIN_NEIGHBOURS - 1 (the k of the words rule, 3 by default) reads "fewer than
k", and the table has no totals that would give a withheld count back by subtraction. Offers
are not about people in need and are counted exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import case, func, or_, select

from app.areas.extension_points import page_section
from app.areas.models import Area
from app.areas.scope import in_area
from app.cache import kept
from app.categories.models import Category
from app.clock import utcnow
from app.extensions import db
from app.organisations.models import Organisation, OrganisationStatus
from app.pins.models import ACTIVE_STATUSES, Pin, PinKind, PinStatus
from app.pins.rules import PUBLIC_STATUSES
from app.pins.services import STATUS_FILTERS, PinFilters, pin_filter_conditions

# How many organisations the page names; the rest are counted.
ORGANISATIONS_SHOWN = 20


@dataclass(frozen=True)
class Count:
    value: int
    withheld: bool = False  # a small need count, shown as "fewer than `minimum`"


@dataclass(frozen=True)
class CategoryFigures:
    category: Category
    open: Count  # open or matched: still on the map
    fulfilled: Count


@dataclass(frozen=True)
class AreaFigures:
    needs: list[CategoryFigures]
    offers: list[CategoryFigures]
    minimum: int  # need counts below this (and above 0) are withheld


def public_pin_conditions(area: Area, now: datetime | None = None) -> list:
    """The public list's conditions for every public status in the area."""
    statuses = tuple(s for s in PinStatus if s in PUBLIC_STATUSES)
    return pin_filter_conditions(PinFilters(statuses=statuses, area=area), now)


def area_figures(area: Area, now: datetime | None = None) -> AreaFigures:
    minimum = int(current_app.config["NEED_TEXT_MIN_NEIGHBOURS"])
    counts = (
        select(
            Pin.category_id,
            Pin.kind,
            func.sum(case((Pin.status.in_(ACTIVE_STATUSES), 1), else_=0)).label("open"),
            func.sum(case((Pin.status == PinStatus.FULFILLED, 1), else_=0)).label("fulfilled"),
        )
        .where(*public_pin_conditions(area, now or utcnow()))
        .group_by(Pin.category_id, Pin.kind)
        .subquery()
    )

    def count_them() -> list[tuple[int, str, int, int]]:
        rows = db.session.execute(
            select(Category.id, counts.c.kind, counts.c.open, counts.c.fulfilled)
            .join(counts, counts.c.category_id == Category.id)
            .order_by(Category.position, Category.slug)
        )
        return [(c, PinKind(kind).value, int(o), int(f)) for c, kind, o, f in rows]

    # Kept for AREA_FIGURES_CACHE_SECONDS: at a million pins the grouped count of a gu took
    # 74 ms on every visit. The numbers are kept, the rule that withholds small ones is not.
    counted = kept(f"area:{area.id}:pin-figures", "AREA_FIGURES_CACHE_SECONDS", count_them)
    categories = {
        c.id: c
        for c in db.session.scalars(
            select(Category).where(Category.id.in_({r[0] for r in counted}))
        )
    }
    figures = AreaFigures(needs=[], offers=[], minimum=minimum)
    for category_id, kind, open_count, fulfilled_count in counted:
        category = categories[category_id]
        is_need = PinKind(kind) == PinKind.NEED
        row = CategoryFigures(
            category,
            _count(open_count, withhold_below=minimum if is_need else 0),
            _count(fulfilled_count, withhold_below=minimum if is_need else 0),
        )
        (figures.needs if is_need else figures.offers).append(row)
    return figures


def _count(value: int, withhold_below: int) -> Count:
    return Count(int(value), withheld=0 < value < withhold_below)


@page_section("pins/_area_figures.html", order=20)
def figures_section(area: Area) -> AreaFigures:
    # Shown also when empty: "nothing yet" is a figure too.
    return area_figures(area)


@dataclass(frozen=True)
class AreaOrganisation:
    organisation: Organisation
    based_here: bool
    offers_here: bool  # has an open or matched offer in the area


@dataclass(frozen=True)
class AreaOrganisations:
    shown: list[AreaOrganisation]
    total: int


@page_section("pins/_area_organisations.html", order=30)
def organisations_section(area: Area) -> AreaOrganisations:
    """Verified organisations based in the area (a gu's include its dong's) or offering help in
    it now, by name."""
    open_offers = PinFilters(kind=PinKind.OFFER, statuses=STATUS_FILTERS["active"], area=area)
    offering = select(Pin.organisation_id).where(
        *pin_filter_conditions(open_offers), Pin.organisation_id.is_not(None)
    )
    based_here = in_area(Organisation.area_id, area)
    offers_here = Organisation.id.in_(offering)
    conditions = (Organisation.status == OrganisationStatus.VERIFIED, or_(based_here, offers_here))

    def find_them() -> tuple[int, list[tuple[int, bool, bool]]]:
        total = db.session.scalar(select(func.count(Organisation.id)).where(*conditions)) or 0
        rows = db.session.execute(
            select(Organisation.id, based_here, offers_here)
            .where(*conditions)
            .order_by(Organisation.name_ko, Organisation.id)
            .limit(ORGANISATIONS_SHOWN)
        )
        return total, [(org_id, bool(based), bool(offers)) for org_id, based, offers in rows]

    # Kept as ids for AREA_FIGURES_CACHE_SECONDS (92 ms for a gu at a million pins).
    total, found = kept(f"area:{area.id}:organisations", "AREA_FIGURES_CACHE_SECONDS", find_them)
    loaded = {
        org.id: org
        for org in db.session.scalars(
            select(Organisation).where(Organisation.id.in_([org_id for org_id, *_ in found]))
        )
    }
    shown = [
        AreaOrganisation(loaded[org_id], based, offers)
        for org_id, based, offers in found
        if org_id in loaded  # one deleted since it was kept is left out
    ]
    return AreaOrganisations(shown, total)
