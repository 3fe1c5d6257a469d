"""Needs and offers: creating, editing, withdrawing, renewing and expiring them.

Services flush and never commit. Every write goes through ORM objects (no bulk UPDATE), so the
cluster counts (app.map.clusters) follow each change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from shapely.geometry import Point
from sqlalchemy import select

from app.accounts.models import User
from app.areas.models import Area, AreaLevel
from app.categories.models import Category, CategoryKind
from app.dbtypes import utcnow
from app.extensions import db
from app.geo import area_containing_point, from_db_geometry, to_db_geometry
from app.organisations.models import Organisation
from app.permissions import is_member_of
from app.pins.models import ACTIVE_STATUSES, Pin, PinKind, PinStatus
from app.pins.privacy import public_location


class PinError(ValueError):
    """A change the pin's state or the rules do not allow."""


class NotAllowedState(PinError):
    pass


class WrongCategory(PinError):
    pass


class NotAMember(PinError):
    pass


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


def areas_at(lon: float, lat: float) -> tuple[Area | None, Area | None]:
    """(dong, gu) containing the point; either may be None outside imported boundaries."""
    dong = area_containing_point(db.session, Area, lon, lat, AreaLevel.DONG)
    gu = dong.parent if dong is not None and dong.parent is not None else None
    if gu is None:
        gu = area_containing_point(db.session, Area, lon, lat, AreaLevel.GU)
    return dong, gu


def _place(pin: Pin, lon: float, lat: float) -> None:
    pin.location = to_db_geometry(Point(lon, lat))
    pin.public_lon, pin.public_lat, pin.location_is_coarse = public_location(
        pin.kind, pin.organisation_id, lon, lat
    )
    pin.dong, pin.gu = areas_at(lon, lat)


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
    db.session.add(pin)
    db.session.flush()
    return pin


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
    _place(pin, details.lon, details.lat)


def update_pin(pin: Pin, editor: User, details: PinDetails) -> Pin:
    if pin.status not in ACTIVE_STATUSES:
        raise NotAllowedState()
    if details.kind != pin.kind:
        raise PinError("the kind of a pin does not change")
    _check(details, editor)
    _fill(pin, details)
    db.session.flush()
    return pin


def exact_point(pin: Pin) -> tuple[float, float]:
    point = from_db_geometry(pin.location)
    return point.x, point.y


def withdraw_pin(pin: Pin) -> None:
    if pin.status not in ACTIVE_STATUSES:
        raise NotAllowedState()
    pin.status = PinStatus.WITHDRAWN
    from app.matching.services import cancel_matches_of  # matching depends on pins, not back

    cancel_matches_of(pin)
    db.session.flush()


def renew_need(pin: Pin, now: datetime | None = None) -> None:
    """Keep a need for another lifetime; an expired need comes back open."""
    if pin.kind != PinKind.NEED or pin.status not in (*ACTIVE_STATUSES, PinStatus.EXPIRED):
        raise NotAllowedState()
    now = now or utcnow()
    pin.expires_at = now + need_lifetime()
    if pin.status == PinStatus.EXPIRED:
        pin.status = PinStatus.OPEN
    db.session.flush()


def expire_due_needs(now: datetime | None = None) -> int:
    """Open needs past their expiry date become expired. Returns how many."""
    now = now or utcnow()
    due = db.session.scalars(
        select(Pin).where(
            Pin.kind == PinKind.NEED, Pin.status == PinStatus.OPEN, Pin.expires_at <= now
        )
    ).all()
    for pin in due:
        pin.status = PinStatus.EXPIRED
    db.session.flush()
    return len(due)
