"""Needs and offers: creating, editing, withdrawing, renewing and expiring them; who may do
what with a pin; and the public list's filters (PinFilters, shared with the map's API).

Services flush and never commit. Every write goes through ORM objects (no bulk UPDATE), so the
cluster counts (app.map.clusters) follow each change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from shapely.geometry import Point
from sqlalchemy import not_, select
from sqlalchemy.orm import defer, load_only, selectinload

from app.accounts.models import User
from app.areas.models import Area, AreaLevel
from app.areas.places import any_dong_imported
from app.areas.services import dong_and_gu_at
from app.categories.models import Category, CategoryKind
from app.categories.services import active_categories
from app.clock import utcnow
from app.extensions import db
from app.geo import from_db_geometry, to_db_geometry
from app.organisations.models import Organisation
from app.organisations.queries import verified_organisations_of
from app.organisations.rules import is_member_of
from app.pins.consent import ConsentDetails, record_consent
from app.pins.consent_records import record_need_consents
from app.pins.errors import (
    NoAreasYet,
    NotAllowedState,
    NotAMember,
    PinError,
    PlaceNotServed,
    WrongCategory,
)
from app.pins.extension_points import pin_withdrawn
from app.pins.models import ACTIVE_STATUSES, Pin, PinKind, PinStatus
from app.pins.privacy import PublicPin, public_location, public_pins
from app.pins.rules import PUBLIC_STATUSES, RENEWABLE_STATUSES
from app.query_args import area_arg, choice_arg, enum_arg, object_arg
from app.text_search import NamedBy, search_arg


@dataclass
class PinDetails:
    """What an author fills in; the rest (areas, public location, expiry) is derived."""

    kind: PinKind
    category: Category
    title: str
    description: str
    lon: float
    lat: float
    quantity: int | None = None
    available_from: date | None = None
    available_until: date | None = None
    organisation: Organisation | None = None
    text_shared: bool = False  # a need's author lets everyone read its title and description
    consent: ConsentDetails | None = None  # a need posted for someone else: their consent


def _check(details: PinDetails, author: User) -> None:
    if details.category.kind not in (CategoryKind.BOTH, CategoryKind(details.kind.value)):
        raise WrongCategory()
    if not details.category.active:
        raise WrongCategory()
    if details.organisation is not None:
        if details.kind != PinKind.OFFER:
            raise NotAMember()  # organisations offer; a need is always a person's
        if not details.organisation.is_verified or not is_member_of(author, details.organisation):
            raise NotAMember()
    if details.consent is not None and details.kind != PinKind.NEED:
        raise PinError()  # an offer is the giver's own; only a need is posted for someone


def _place(pin: Pin, lon: float, lat: float) -> None:
    """Put the pin at the point, which must lie in an imported dong: outside every dong no
    staff member would ever see it (a need in Incheon was once kept "outside the areas")."""
    found = dong_and_gu_at(lon, lat)
    if found.dong is None:
        raise PlaceNotServed() if any_dong_imported() else NoAreasYet()
    pin.location = to_db_geometry(Point(lon, lat))
    pin.public_lon, pin.public_lat, pin.location_is_coarse = public_location(
        pin.kind, pin.organisation_id, lon, lat
    )
    # The exact point's areas route the pin to its staff (who see the point anyway); the public
    # point's areas are what anyone else is told, so a cell on a boundary says no more.
    pin.dong, pin.gu = found.dong, found.gu
    if pin.location_is_coarse:
        found = dong_and_gu_at(pin.public_lon, pin.public_lat)
    pin.public_dong, pin.public_gu = found.dong, found.gu


def place_publicly_again(pin: Pin) -> bool:
    """Recompute the pin's public point and areas from its exact point with today's grid (the
    grid's cells changed from one width in degrees to one width in metres). True if changed.
    No refusal here: a pin placed before areas were required keeps its place."""
    lon, lat = exact_point(pin)
    public = public_location(pin.kind, pin.organisation_id, lon, lat)
    if public == (pin.public_lon, pin.public_lat, pin.location_is_coarse):
        return False
    pin.public_lon, pin.public_lat, pin.location_is_coarse = public
    found = dong_and_gu_at(pin.public_lon, pin.public_lat) if pin.location_is_coarse else None
    if found is None:
        pin.public_dong, pin.public_gu = pin.dong, pin.gu
    else:
        pin.public_dong, pin.public_gu = found.dong, found.gu
    return True


def regrid_pins() -> int:
    """`place_publicly_again` for every pin, through the ORM so that the map's cluster counts
    follow. Returns how many moved."""
    moved = 0
    for pin in db.session.scalars(select(Pin).order_by(Pin.id)):
        moved += place_publicly_again(pin)
    db.session.flush()
    return moved


def need_lifetime() -> timedelta:
    return timedelta(days=int(current_app.config["NEED_LIFETIME_DAYS"]))


def create_pin(author: User, details: PinDetails, now: datetime | None = None) -> Pin:
    _check(details, author)
    now = now or utcnow()
    pin = Pin(
        kind=details.kind,
        status=PinStatus.OPEN,
        author=author,
        created_at=now,
        expires_at=now + need_lifetime() if details.kind == PinKind.NEED else None,
    )
    _fill(pin, details)
    record_consent(pin, details.consent, now)
    db.session.add(pin)
    db.session.flush()
    record_need_consents(pin, author, details.consent)
    return pin


def create_unlisted_offer(author: User, need: Pin, title: str, now: datetime | None = None) -> Pin:
    """The offer behind "I can help" on a need's page: the helper's own, in the need's category,
    placed at the need (it has no place of its own, and the exact point stays in the database),
    and unlisted, so nobody but its author and the area's staff ever sees it as a pin. No
    category check: the need's category is the one this help is for, even a needs-only one."""
    lon, lat = exact_point(need)
    offer = Pin(
        kind=PinKind.OFFER,
        status=PinStatus.OPEN,
        listed=False,
        author=author,
        category=need.category,
        category_id=need.category_id,
        title=title,
        description="",
        created_at=now or utcnow(),
    )
    _place(offer, lon, lat)
    db.session.add(offer)
    db.session.flush()
    return offer


def _fill(pin: Pin, details: PinDetails) -> None:
    pin.category = details.category
    pin.category_id = details.category.id
    pin.title = details.title.strip()
    pin.description = (details.description or "").strip()
    pin.quantity = details.quantity
    pin.available_from = details.available_from
    pin.available_until = details.available_until
    pin.organisation = details.organisation
    pin.organisation_id = details.organisation.id if details.organisation else None
    pin.text_shared = details.text_shared and details.kind == PinKind.NEED
    _place(pin, details.lon, details.lat)


def update_pin(pin: Pin, editor: User, details: PinDetails) -> Pin:
    if pin.status not in ACTIVE_STATUSES:
        raise NotAllowedState()
    if details.kind != pin.kind:
        raise PinError()  # the kind of a pin never changes
    _check(details, editor)
    _fill(pin, details)
    record_consent(pin, details.consent)
    db.session.flush()
    record_need_consents(pin, editor, details.consent)
    return pin


def exact_point(pin: Pin) -> tuple[float, float]:
    point = from_db_geometry(pin.location)
    return point.x, point.y


def withdraw_pin(pin: Pin) -> None:
    if pin.status not in ACTIVE_STATUSES:
        raise NotAllowedState(_("This can no longer be withdrawn."))
    pin.status = PinStatus.WITHDRAWN
    pin_withdrawn(pin)  # matching ends the pin's open matches (app.pins.extension_points)
    db.session.flush()


def renew_need(pin: Pin, now: datetime | None = None) -> None:
    """Keep a need for another lifetime; an expired need comes back open."""
    if pin.kind != PinKind.NEED or pin.status not in RENEWABLE_STATUSES:
        raise NotAllowedState(_("This need can no longer be renewed."))
    now = now or utcnow()
    pin.expires_at = now + need_lifetime()
    if pin.status == PinStatus.EXPIRED:
        pin.status = PinStatus.OPEN
    db.session.flush()


# Needs expired in one flush (and, by the job and `flask pins expire`, one commit): memory and
# the cluster counts' work stay bounded however many needs fall due at once.
EXPIRY_BATCH = 1000

# What an expiry reads of a need: its id, status and the columns the cluster counts key on
# (app.map.clusters.TRACKED). Not its sealed words nor its exact point: decrypting and decoding
# them was most of the time (and memory) of expiring 100k needs.
_EXPIRY_COLUMNS = (
    Pin.status,
    Pin.kind,
    Pin.public_lon,
    Pin.public_lat,
    Pin.category_id,
    Pin.public_dong_id,
    Pin.public_gu_id,
    Pin.listed,
    Pin.updated_at,
)


def expire_due_needs(now: datetime | None = None, limit: int | None = None) -> int:
    """Open needs past their expiry date become expired, at most `limit` of them (the oldest
    ids first; all when None), a batch per flush. Returns how many."""
    now = now or utcnow()
    expired = 0
    while limit is None or expired < limit:
        size = EXPIRY_BATCH if limit is None else min(EXPIRY_BATCH, limit - expired)
        ids = db.session.scalars(
            select(Pin.id)
            .where(Pin.kind == PinKind.NEED, Pin.status == PinStatus.OPEN, Pin.expires_at <= now)
            .order_by(Pin.id)
            .limit(size)
        ).all()
        if not ids:
            break
        # Loaded as objects (only the columns above) so that the flush updates the cluster
        # counts as for any other change of status (app.map.clusters).
        due = db.session.scalars(
            select(Pin).where(Pin.id.in_(ids)).options(load_only(*_EXPIRY_COLUMNS))
        ).all()
        for pin in due:
            pin.status = PinStatus.EXPIRED
        db.session.flush()
        expired += len(due)
    return expired


# --- choices for the forms ----------------------------------------------------------------------


def categories_for(kind: PinKind | None) -> list[Category]:
    """Active categories a pin of this kind may use (all active ones for kind None)."""
    if kind is None:
        return active_categories()
    return active_categories(CategoryKind.BOTH, CategoryKind(kind.value))


def organisations_offering_for(user: User) -> list[Organisation]:
    """Verified organisations the user is an approved member of: those they may offer for."""
    return verified_organisations_of(user)


# --- the list (and the map): filters ------------------------------------------------------------

# The `status` query parameter: what each value shows. Withdrawn and expired pins are never
# listed publicly.
STATUS_FILTERS: dict[str, tuple[PinStatus, ...]] = {
    "open": (PinStatus.OPEN,),
    "matched": (PinStatus.MATCHED,),
    "fulfilled": (PinStatus.FULFILLED,),
    "active": (PinStatus.OPEN, PinStatus.MATCHED),
}
DEFAULT_STATUS_FILTER = "open"
# The list's `sort` parameter (the map has no order). An unknown value means the default.
# There was a "category" order: at city scale its 20 numbered pages never left the first
# category, and an index could not hold the admin's order of categories; the category filter
# does what it did, and its old links now show the newest first.
PIN_SORTS = ("newest", "oldest", "expiring")
DEFAULT_PIN_SORT = "newest"


@dataclass(frozen=True)
class PinFilters:
    """What a visitor asked to see, shared by the list (/pins) and the map's API.

    Read it from a query string with `parse_pin_filters(request.args)`; turn it into SQL with
    `pin_filter_conditions(filters)`; write it back into links with `as_args()`.
    Query parameters: `kind` (need|offer), `category` (a category id), `status`
    (open|matched|fulfilled|active; default open), `area` (an area code, gu or dong: a gu
    includes its dong). Values that do not parse or name nothing are ignored.
    The list alone also reads `q` (search words, app.text_search) and `sort` (PIN_SORTS); the
    map's clusters are counted ahead (app.map.clusters) and take neither.
    """

    kind: PinKind | None = None
    category_id: int | None = None
    statuses: tuple[PinStatus, ...] = STATUS_FILTERS[DEFAULT_STATUS_FILTER]
    area: Area | None = None
    query: str = ""
    sort: str = DEFAULT_PIN_SORT

    @property
    def status_key(self) -> str:
        """The `status` parameter that gives these statuses."""
        for key, statuses in STATUS_FILTERS.items():
            if statuses == self.statuses:
                return key
        return DEFAULT_STATUS_FILTER

    def as_args(self) -> dict[str, str]:
        """Query parameters that give these filters back (defaults left out)."""
        args = {}
        if self.kind is not None:
            args["kind"] = self.kind.value
        if self.category_id is not None:
            args["category"] = str(self.category_id)
        if self.status_key != DEFAULT_STATUS_FILTER:
            args["status"] = self.status_key
        if self.area is not None:
            args["area"] = self.area.code
        if self.query:
            args["q"] = self.query
        if self.sort != DEFAULT_PIN_SORT:
            args["sort"] = self.sort
        return args


def parse_pin_filters(args: Mapping[str, str]) -> PinFilters:
    """PinFilters from query parameters (see PinFilters); never raises on bad input."""
    category = object_arg(args, "category", Category)
    status = choice_arg(args, "status", STATUS_FILTERS, DEFAULT_STATUS_FILTER)
    return PinFilters(
        kind=enum_arg(args, "kind", PinKind),
        category_id=category.id if category is not None else None,
        statuses=STATUS_FILTERS[status],
        area=area_arg(args),
        query=search_arg(args),
        sort=choice_arg(args, "sort", PIN_SORTS, DEFAULT_PIN_SORT),
    )


def pin_filter_conditions(filters: PinFilters, now: datetime | None = None) -> list:
    """WHERE conditions on Pin for the filters.

    Expiry is applied here as well as by `flask pins expire`: an open need past its expiry
    date is treated as expired (left out) even before the command has run.
    """
    now = now or utcnow()
    statuses = [s for s in filters.statuses if s in PUBLIC_STATUSES]
    conditions = [
        Pin.listed.is_(True),  # an "I can help" offer is never public (Pin.listed)
        Pin.status.in_(statuses),
        not_(Pin.is_overdue(now)),
    ]
    if filters.kind is not None:
        conditions.append(Pin.kind == filters.kind)
    if filters.category_id is not None:
        conditions.append(Pin.category_id == filters.category_id)
    if filters.area is not None:
        # The public point's area: filtering by the exact one would sort a cell on a boundary
        # into the side its need is on.
        column = Pin.public_gu_id if filters.area.level == AreaLevel.GU else Pin.public_dong_id
        conditions.append(column == filters.area.id)
    return conditions


def searched_names() -> list[NamedBy]:
    """What a search of the list looks in besides the pin's own words (PIN_TEXT, searched
    only where public: app.pins.listing): what a visitor reads on a pin's card. The category
    and the public point's dong and gu in both languages; an organisation's name on its
    offers. Never the author."""
    area_names = (Area.name_ko, Area.name_en)
    return [
        NamedBy(Pin.category_id, (Category.name_ko, Category.name_en)),
        NamedBy(Pin.public_dong_id, area_names),
        NamedBy(Pin.public_gu_id, area_names),
        NamedBy(
            Pin.organisation_id,
            (Organisation.name_ko, Organisation.name_en),
            when=Pin.kind == PinKind.OFFER,
        ),
    ]


def pins_of(author: User) -> list[Pin]:
    """The author's own needs and offers, newest first, for their page (/my).

    Withdrawn ones are left out: the author took them away, and they cannot come back."""
    statement = (
        select(Pin)
        .where(Pin.author_id == author.id, Pin.status != PinStatus.WITHDRAWN)
        .options(defer(Pin.location), selectinload(Pin.category))
        .order_by(Pin.created_at.desc(), Pin.id.desc())
    )
    return list(db.session.scalars(statement))


@dataclass(frozen=True)
class PinCard:
    """A pin as any visitor sees it: the public view plus the names it refers to."""

    public: PublicPin
    category: Category
    dong: Area | None
    gu: Area | None


def pin_cards(pins: Sequence[Pin], now: datetime | None = None) -> list[PinCard]:
    """The public cards of many pins (one query for the cells of all of them)."""
    return [
        # An overdue need shows as expired already (the daily command may not have run yet).
        PinCard(
            public=replace(public, status=pin.current_status(now)),
            category=pin.category,
            dong=pin.public_dong,
            gu=pin.public_gu,
        )
        for pin, public in zip(pins, public_pins(pins, now), strict=True)
    ]


def pin_card(pin: Pin, now: datetime | None = None) -> PinCard:
    return pin_cards([pin], now)[0]
