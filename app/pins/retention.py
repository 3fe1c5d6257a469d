"""The pins' retention rules (app.retention): what a closed need keeps, and for how long.

A need is about a vulnerable neighbour; once it is closed (fulfilled, withdrawn or expired)
its exact point and its own words have served their purpose. After the period, the exact point
becomes its public cell's centre (what everyone saw anyway) and the description is emptied;
the need stays, with its category, areas, dates and status, so the map's counts and the area
figures do not change.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from shapely.geometry import Point
from sqlalchemy import select, true

from app.accounts.models import User
from app.extensions import db
from app.geo import to_db_geometry
from app.photos import delete_photo
from app.pins.models import NeedConsent, Pin, PinKind, PinStatus
from app.pins.services import place_publicly_again
from app.retention import EraseEach, EraseFields, retention_rule

CLOSED_STATUSES = (PinStatus.FULFILLED, PinStatus.WITHDRAWN, PinStatus.EXPIRED)


def _closed_need_before(cutoff: datetime):
    # A need has no closing time of its own: its last change is its closing or later, so the
    # clock starts at the latest possible moment (never too early).
    return (Pin.kind == PinKind.NEED) & Pin.status.in_(CLOSED_STATUSES) & (Pin.updated_at < cutoff)


def forget_exact_place(pin: Pin, now: datetime) -> None:
    """The need's exact point becomes its public point; its description and photo go (a photo
    of a need shows a home, a door, a face). Through the ORM,
    so that the map's clusters (app.map.clusters) follow if the public point moves at all (it
    does only when the grid changed since the need was placed)."""
    pin.location = to_db_geometry(Point(pin.public_lon, pin.public_lat))
    pin.description = ""
    # The file goes at once, not after the commit: were the run rolled back, the need would
    # only miss a photo it was about to lose anyway (its page then shows none).
    delete_photo(pin.photo)
    pin.photo = None
    pin.exact_place_erased_at = now
    place_publicly_again(pin)


retention_rule(
    "need_exact_place",
    Pin,
    # PIPA leaves the period to the purpose; 3 years covers a complaint or a welfare review of
    # the help given (the Welfare Services Act keeps counselling records about as long).
    period="P3Y",
    due=_closed_need_before,
    erase=EraseEach(forget_exact_place, lambda: Pin.exact_place_erased_at.is_(None)),
    description=_l(
        "Closed needs: exact point (moved to the public cell's centre), description and photo"
    ),
)

retention_rule(
    "need_consent_text",
    NeedConsent,
    period="P3Y",  # with the need: the consent is its proof while the need may be questioned
    due=lambda cutoff: NeedConsent.pin_id.in_(select(Pin.id).where(_closed_need_before(cutoff))),
    erase=EraseFields({"relation_other": ""}),
    description=_l("Consents for a neighbour's closed need: the relationship written in words"),
)


def _kept_years(config) -> str:
    return f"P{int(config['HELP_RECORDS_KEPT_YEARS'])}Y"


def delete_with_photo(pin: Pin, now: datetime) -> None:
    """Through the ORM, so that the clusters count the pin out; its photo file goes too."""
    delete_photo(pin.photo)
    db.session.delete(pin)


def _of_deleted_account_before(cutoff: datetime):
    return Pin.author_id.in_(select(User.id).where(User.deleted_at < cutoff))


retention_rule(
    "deleted_account_pins",
    Pin,
    # What the account deletion page promises (HELP_RECORDS_KEPT_YEARS): the withdrawn needs and
    # offers, their matches and consents, kept without a name, then deleted with their photos.
    period=_kept_years,
    due=_of_deleted_account_before,
    erase=EraseEach(delete_with_photo, true),
    description=_l("Needs and offers of deleted accounts, with their matches and consents"),
)
