"""A published pledge keeps a public offer on the map in step: "A haircut — this month: 7 of
10 left", at the donor's place, created, updated and withdrawn through app.pins' services (so
the map's cluster counts follow).

`keep_pin_in_step(pledge)` is called after anything that changes what the pin should say: the
pledge published, paused or ended, a voucher issued or cancelled (the month's capacity used),
the donor's enrolment decided or its place moved, and on the 1st of each Seoul month (the
capacity starts again). No place set, no pin: the shop says where it serves first.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from app.accounts.models import User
from app.areas.services import dong_and_gu_at
from app.clock import seoul_today, utcnow
from app.didimdol.enrolment import decide
from app.didimdol.models import DonorEnrolment, EnrolmentStatus, Pledge, PledgeStatus, Voucher
from app.didimdol.pin_models import DonorPlace, PledgePin
from app.didimdol.pledges import move_pledge
from app.didimdol.vouchers import cancel_voucher, pledge_is_available, units_taken_this_month
from app.extensions import db
from app.organisations.models import Membership, MembershipStatus
from app.organisations.rules import is_member_of
from app.pins.errors import PinError, PlaceNotServed
from app.pins.models import ACTIVE_STATUSES, PinKind
from app.pins.services import PinDetails, create_pin, update_pin, withdraw_pin


def set_place(enrolment: DonorEnrolment, lon: float, lat: float, by: User) -> DonorPlace:
    """Refused (at the longitude field) outside the served dongs: a pin there could not be."""
    if dong_and_gu_at(lon, lat).dong is None:
        raise PlaceNotServed()
    place = db.session.get(DonorPlace, enrolment.id)
    if place is None:
        place = DonorPlace(enrolment_id=enrolment.id, lon=lon, lat=lat)
        db.session.add(place)
    place.lon, place.lat, place.set_by_id, place.set_at = lon, lat, by.id, utcnow()
    db.session.flush()
    for pledge in db.session.scalars(select(Pledge).where(Pledge.enrolment_id == enrolment.id)):
        keep_pin_in_step(pledge)
    return place


def pin_title(pledge: Pledge, left: int) -> str:
    """In the site's default language: a pin's title is one text, read by everyone."""
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        return _(
            "%(unit)s — this month: %(left)d of %(capacity)d left",
            unit=pledge.unit,
            left=left,
            capacity=pledge.monthly_capacity,
        )


def keep_pin_in_step(pledge: Pledge, now: datetime | None = None) -> None:
    now = now or utcnow()
    link = db.session.get(PledgePin, pledge.id)
    place = db.session.get(DonorPlace, pledge.enrolment_id)
    shown = (
        place is not None
        and pledge.status == PledgeStatus.PUBLISHED
        and pledge_is_available(pledge, seoul_today(now))
    )
    if not shown:
        if link is not None and link.pin.status in ACTIVE_STATUSES:
            withdraw_pin(link.pin)
        return
    assert place is not None
    author = _author(pledge.enrolment)
    if author is None:
        return  # nobody left in the business to stand for the offer
    left = max(pledge.monthly_capacity - units_taken_this_month(pledge, now), 0)
    details = PinDetails(
        kind=PinKind.OFFER,
        category=pledge.category,
        title=pin_title(pledge, left),
        description=pledge.how_to_redeem,
        lon=place.lon,
        lat=place.lat,
        quantity=left,
        available_from=pledge.valid_from,
        available_until=pledge.valid_until,
        organisation=pledge.enrolment.organisation,
    )
    try:
        if link is not None and link.pin.status in ACTIVE_STATUSES:
            update_pin(link.pin, author, details)
            return
        pin = create_pin(author, details, now)
    except PinError:
        # A category only for needs, or a place outside the served dongs: the pledge stands,
        # with no pin (the donor's page says where the shop is and whether it is on the map).
        current_app.logger.info("Pledge %s has no pin: %s", pledge.id, "refused by app.pins")
        return
    if link is None:
        db.session.add(PledgePin(pledge_id=pledge.id, pin=pin))
    else:
        link.pin = pin
    db.session.flush()


def _author(enrolment: DonorEnrolment) -> User | None:
    """Who the pin is posted by: the member who enrolled the business, or another approved
    member if they have left it."""
    organisation = enrolment.organisation
    requester = (
        db.session.get(User, enrolment.requested_by_id) if enrolment.requested_by_id else None
    )
    if requester is not None and is_member_of(requester, organisation):
        return requester
    return db.session.scalar(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(
            Membership.organisation_id == organisation.id,
            Membership.status == MembershipStatus.APPROVED,
        )
        .order_by(Membership.id)
        .limit(1)
    )


def refresh_all_pledge_pins(now: datetime | None = None) -> int:
    """Every pledge with a pin, or published: the month's count starts again on the 1st."""
    linked = select(PledgePin.pledge_id)
    pledges = db.session.scalars(
        select(Pledge).where((Pledge.status == PledgeStatus.PUBLISHED) | Pledge.id.in_(linked))
    ).all()
    for pledge in pledges:
        keep_pin_in_step(pledge, now)
    return len(pledges)


# --- the steps that change what a pin says, each followed by keeping the pins in step ---------


def move_pledge_in_step(pledge: Pledge, status: PledgeStatus) -> None:
    move_pledge(pledge, status)
    keep_pin_in_step(pledge)


def decide_in_step(
    enrolment: DonorEnrolment, status: EnrolmentStatus, officer: User, note: str = ""
) -> None:
    """A suspended or ended donor's offers leave the map; approved again, they come back."""
    decide(enrolment, status, officer, note)
    for pledge in db.session.scalars(select(Pledge).where(Pledge.enrolment_id == enrolment.id)):
        keep_pin_in_step(pledge)


def voucher_in_step(voucher: Voucher) -> Voucher:
    """After a voucher is issued or cancelled: its pledge's count left this month changed."""
    if voucher.pledge is not None:
        keep_pin_in_step(voucher.pledge)
    return voucher


def cancel_voucher_in_step(voucher: Voucher, reason: str, officer: User) -> None:
    cancel_voucher(voucher, reason, officer)
    voucher_in_step(voucher)
