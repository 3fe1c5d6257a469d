"""What the public may see of a pin: the one place that decides it.

Needs are about vulnerable people. Their public location is the centre of a grid cell of at
least 300 m (PIN_GRID_METRES), computed from the exact point, so it is the same every time:
a random jitter would average out to the truth over repeated reads. Offers by a private
person get the same treatment; offers by an organisation are public at their exact point.
No name of a person in need is ever public, and no name of a private giver either: an
organisation's offer names the organisation, a person's offer nobody. The other side of a match
learns the giver's name once the match is accepted (app.matching.panels), not before.

The words of a need can give its author away as surely as a point: "my mother, 87, in the
flat above the pharmacy". Where a need's cell holds fewer than NEED_TEXT_MIN_NEIGHBOURS (3)
open needs, its title and description are public only if its author agreed when posting or
editing (`text_shared`); otherwise the public reads its category and a note that the details
go to the helper once a match is agreed. The area named is the public point's, never the exact
point's (see Pin).

Every public output (pages, /api/pins, exports, popups) takes its data from `public_pin()`, or
`public_pins()` for many at once (one query for all their cells). A search of the public list
reads a pin's words (PIN_TEXT) only where `text_is_public()`, the same rule written in SQL, so
a need is never found by words its page does not show.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, func, not_, or_, select, true
from sqlalchemy.orm import aliased

from app.clock import utcnow
from app.extensions import db
from app.pins.models import Pin, PinKind, PinStatus
from app.search_index import TextIndex

METRES_PER_DEGREE_LAT = 111_320.0
MINIMUM_GRID_METRES = 300
COORDINATE_DECIMALS = 5  # about 1 m: more would only add bytes


@dataclass(frozen=True)
class Grid:
    """Cells of `metres` on a side wherever the point is.

    Rows are bands of equal latitude; each row's cells are as wide, in degrees of longitude,
    as `metres` at the row's middle latitude. A degree of longitude shrinks towards the poles
    (about 88 km at Seoul's 37.5° N, 91 km at Busan's 35.1° N), so one width for every row
    would make cells narrower than promised in one city and wider in another.
    """

    metres: float

    @property
    def lat_step(self) -> float:
        return self.metres / METRES_PER_DEGREE_LAT

    def lon_step(self, row: int) -> float:
        middle = (row + 0.5) * self.lat_step
        return self.metres / (METRES_PER_DEGREE_LAT * math.cos(math.radians(middle)))

    def cell_centre(self, lon: float, lat: float) -> tuple[float, float]:
        row = math.floor(lat / self.lat_step)
        lon_step = self.lon_step(row)
        column = math.floor(lon / lon_step)
        return (
            round((column + 0.5) * lon_step, COORDINATE_DECIMALS),
            round((row + 0.5) * self.lat_step, COORDINATE_DECIMALS),
        )


def current_grid() -> Grid:
    metres = float(current_app.config["PIN_GRID_METRES"])
    if metres < MINIMUM_GRID_METRES:
        raise ValueError(f"PIN_GRID_METRES must be at least {MINIMUM_GRID_METRES}")
    return Grid(metres)


def location_is_public(kind: PinKind, organisation_id: int | None) -> bool:
    """Only an organisation's offer may be shown at its exact point."""
    return kind == PinKind.OFFER and organisation_id is not None


def public_location(
    kind: PinKind, organisation_id: int | None, lon: float, lat: float
) -> tuple[float, float, bool]:
    """(lon, lat, is_coarse) as the public may see them."""
    if location_is_public(kind, organisation_id):
        return round(lon, COORDINATE_DECIMALS), round(lat, COORDINATE_DECIMALS), False
    centre_lon, centre_lat = current_grid().cell_centre(lon, lat)
    return centre_lon, centre_lat, True


@dataclass(frozen=True)
class PublicPin:
    """Everything about a pin that any visitor may see. Nothing else leaves the server."""

    id: int
    kind: PinKind
    status: PinStatus
    category_id: int
    title: str
    description: str
    lon: float
    lat: float
    location_is_coarse: bool
    dong_id: int | None
    gu_id: int | None
    quantity: int | None
    available_from: date | None
    available_until: date | None
    has_photo: bool
    created_at: datetime
    expires_at: datetime | None
    # Who is behind it: an organisation's name for its offers; nobody for a private person's
    # offer (a name narrows down a neighbour as surely as a point) or for a need.
    giver_name: str | None
    organisation_id: int | None
    # True when the title and description are not the author's (see the module's docstring):
    # the title is then the category's name and the description a note on who reads them.
    text_withheld: bool = False
    # False for an "I can help" offer (Pin.listed): shown only inside its match, with no link
    # to a page of its own (which answers 404 to the other side).
    listed: bool = True


def public_giver_name(pin: Pin) -> str | None:
    """An organisation's name for its offers; None for everything else."""
    if pin.kind == PinKind.OFFER and pin.organisation is not None:
        return pin.organisation.name
    return None


CELL_QUERY_BATCH = 500


def crowded_cells(
    cells: set[tuple[float, float]], now: datetime | None = None
) -> set[tuple[float, float]]:
    """The public cells (public lon, lat) among `cells` holding at least
    NEED_TEXT_MIN_NEIGHBOURS open needs, overdue ones left out as everywhere.

    Asked as `public_lat IN (…) AND public_lon IN (…)`, not as a tuple IN: PostgreSQL answers
    a tuple IN of hundreds of pairs by reading every pin (once per batch, for every list page
    and API answer), and the two plain lists by the (public_lat, public_lon) index. The lists
    take the cells' rows and columns crosswise, a few cells more than asked; counts are per
    cell all the same, and the extra cells are dropped here."""
    found: set[tuple[float, float]] = set()
    listed = sorted(cells)
    for start in range(0, len(listed), CELL_QUERY_BATCH):
        batch = listed[start : start + CELL_QUERY_BATCH]
        found |= _crowded(
            now,
            Pin.public_lat.in_(sorted({lat for _lon, lat in batch})),
            Pin.public_lon.in_(sorted({lon for lon, _lat in batch})),
        )
    return found & cells


def every_crowded_cell(now: datetime | None = None) -> set[tuple[float, float]]:
    """`crowded_cells()` of the whole city in one query: for a reader of every pin (an
    open-data file), instead of a query per batch of pins (a tuple IN that PostgreSQL answers
    by reading every pin again: most of an export's time at 100k pins)."""
    return _crowded(now)


def _crowded(now: datetime | None, *narrowed_to: ColumnElement[bool]) -> set[tuple[float, float]]:
    """The public cells holding at least NEED_TEXT_MIN_NEIGHBOURS open needs (overdue ones
    left out), among the pins `narrowed_to` keeps."""
    minimum = int(current_app.config["NEED_TEXT_MIN_NEIGHBOURS"])
    statement = (
        select(Pin.public_lon, Pin.public_lat)
        .where(
            Pin.kind == PinKind.NEED,
            Pin.status == PinStatus.OPEN,
            not_(Pin.is_overdue(now or utcnow())),
            *narrowed_to,
        )
        .group_by(Pin.public_lon, Pin.public_lat)
        .having(func.count(Pin.id) >= minimum)
    )
    return {(float(lon), float(lat)) for lon, lat in db.session.execute(statement)}


def needs_with_withheld_text(
    pins: Sequence[Pin],
    now: datetime | None = None,
    crowded: set[tuple[float, float]] | None = None,
) -> set[int]:
    """Ids of the needs among `pins` whose title and description the public may not read: no
    agreement from the author, and too few open needs in the cell to hide among. `crowded`:
    the city's crowded cells read once (`every_crowded_cell()`), else they are queried."""
    candidates = [p for p in pins if p.kind == PinKind.NEED and not p.text_shared]
    if not candidates or int(current_app.config["NEED_TEXT_MIN_NEIGHBOURS"]) <= 1:
        return set()
    if crowded is None:
        crowded = crowded_cells({(p.public_lon, p.public_lat) for p in candidates}, now)
    return {p.id for p in candidates if (p.public_lon, p.public_lat) not in crowded}


def text_is_public(now: datetime | None = None) -> ColumnElement[bool]:
    """SQL twin of `needs_with_withheld_text()`, negated: True where the public may read a
    pin's title and description (an offer; a need its author shared; a need in a cell with at
    least NEED_TEXT_MIN_NEIGHBOURS open needs, counted as `crowded_cells()` counts them)."""
    minimum = int(current_app.config["NEED_TEXT_MIN_NEIGHBOURS"])
    if minimum <= 1:
        return true()
    neighbour = aliased(Pin)
    needs_in_cell = (
        select(func.count(neighbour.id))
        .where(
            neighbour.kind == PinKind.NEED,
            neighbour.status == PinStatus.OPEN,
            not_(neighbour.is_overdue(now or utcnow())),
            neighbour.public_lon == Pin.public_lon,
            neighbour.public_lat == Pin.public_lat,
        )
        .correlate(Pin)
        .scalar_subquery()
    )
    return or_(Pin.kind != PinKind.NEED, Pin.text_shared.is_(True), needs_in_cell >= minimum)


# A pin's own words, searched through their index (app.search_index; migration 2026_12_06_1256)
# and only where `text_is_public()`: app.pins.listing.
PIN_TEXT = TextIndex(Pin.id, (Pin.title, Pin.description))


def public_pins(
    pins: Sequence[Pin],
    now: datetime | None = None,
    crowded: set[tuple[float, float]] | None = None,
) -> list[PublicPin]:
    """`public_pin()` of each, with one query for all their cells (none with `crowded`, the
    city's crowded cells read once: `every_crowded_cell()`)."""
    withheld = needs_with_withheld_text(pins, now, crowded)
    return [_public_view(pin, pin.id in withheld) for pin in pins]


def public_pin(pin: Pin) -> PublicPin:
    return public_pins([pin])[0]


def with_authors_text(view: PublicPin, pin: Pin) -> PublicPin:
    """The view with the author's own title and description, for a reader entitled to them
    (the author, the area's staff, the giver of an agreed match): never for a public page."""
    return replace(view, title=pin.title, description=pin.description, text_withheld=False)


def _public_view(pin: Pin, text_withheld: bool) -> PublicPin:
    giver = public_giver_name(pin)
    if text_withheld:
        title = pin.category.name
        description = _(
            "The details of this need are shared with the helper once a match is agreed."
        )
    else:
        title, description = pin.title, pin.description
    return PublicPin(
        id=pin.id,
        kind=pin.kind,
        status=pin.status,
        category_id=pin.category_id,
        title=title,
        description=description,
        lon=pin.public_lon,
        lat=pin.public_lat,
        location_is_coarse=pin.location_is_coarse,
        dong_id=pin.public_dong_id,
        gu_id=pin.public_gu_id,
        quantity=pin.quantity,
        available_from=pin.available_from,
        available_until=pin.available_until,
        has_photo=pin.photo is not None,
        created_at=pin.created_at,
        expires_at=pin.expires_at,
        giver_name=giver,
        organisation_id=pin.organisation_id if pin.kind == PinKind.OFFER else None,
        text_withheld=text_withheld,
        listed=pin.listed,
    )
