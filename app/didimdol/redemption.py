"""What a donor business's staff do at the counter: look a code up, redeem it in one atomic
step, reverse a redemption within 24 hours.

What they learn of a voucher is `VoucherFacts`: the service, units, last valid day and that it
is valid. Never the person, the facility, nor anything that says the holder receives welfare.
A code that is no voucher of this business (none at all, or another donor's) is a wrong code;
ten in an hour lock the business's redemptions for the rest of that hour.

A voucher for any pledge of a category takes a unit of the shop's pledge at redemption: the
pledge's month is checked and taken in the same step as the redemption, so two counters
redeeming at once never take more than the pledge gives (PostgreSQL: the pledge rows are locked
first; SQLite: one writer at a time). Only a pledge whose target groups include one of the
holder's may be taken, as issuing checks for a pledge voucher.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select, update

from app.accounts.models import User
from app.clock import seoul_today, utcnow
from app.didimdol import codes
from app.didimdol.errors import (
    MistypedCode,
    NotForThisShop,
    NotRedeemed,
    RedemptionLocked,
    ReversalTooLate,
    ShopHasNoMore,
    UnknownCode,
    VoucherNotValid,
    WrongPin,
)
from app.didimdol.ledger import cancel_donation, record_donation, record_event
from app.didimdol.models import (
    DonorEnrolment,
    LedgerEventKind,
    Pledge,
    PledgeStatus,
    Voucher,
    VoucherStatus,
    WrongCode,
)
from app.didimdol.vouchers import (
    code_index,
    lock,
    pin_matches,
    pledge_is_available,
    rows_changed,
    units_left_this_month,
)
from app.extensions import db

WRONG_CODES_PER_HOUR = 10
REVERSIBLE_FOR = timedelta(hours=24)
# The refusals that count towards the lock: guesses. A typo the check symbol caught does not.
COUNTED_REFUSALS = (UnknownCode, WrongPin)


@dataclass(frozen=True)
class VoucherFacts:
    """All the counter may know of a voucher."""

    unit: str
    units: int
    valid_until: date
    needs_pin: bool
    code: str  # as typed, normalised: to send back with the confirmation


def is_locked(enrolment: DonorEnrolment, now: datetime | None = None) -> bool:
    since = (now or utcnow()) - timedelta(hours=1)
    wrong = db.session.scalar(
        select(func.count(WrongCode.id)).where(
            WrongCode.enrolment_id == enrolment.id, WrongCode.at >= since
        )
    )
    return (wrong or 0) >= WRONG_CODES_PER_HOUR


def note_wrong_code(enrolment: DonorEnrolment, now: datetime | None = None) -> None:
    """In a transaction of its own: the refused one was rolled back."""
    db.session.add(WrongCode(enrolment_id=enrolment.id, at=now or utcnow()))
    db.session.flush()


def _category_pledges(voucher: Voucher, enrolment: DonorEnrolment, on: date) -> list[Pledge]:
    """The business's available pledges a category voucher may be redeemed against."""
    candidates = db.session.scalars(
        select(Pledge)
        .where(
            Pledge.enrolment_id == enrolment.id,
            Pledge.category_id == voucher.category_id,
            Pledge.status == PledgeStatus.PUBLISHED,
        )
        .order_by(Pledge.id)
    )
    return [p for p in candidates if pledge_is_available(p, on)]


def _for_the_holder(voucher: Voucher, pledges: list[Pledge]) -> list[Pledge]:
    """The pledges whose target groups include one of the voucher holder's groups."""
    return [p for p in pledges if p.serves(voucher.beneficiary.target_groups)]


def _pledge_for(voucher: Voucher, enrolment: DonorEnrolment, on: date) -> Pledge | None:
    """The pledge of this business the voucher is redeemed against, or None if it is none of
    theirs: its own pledge, or for a category voucher the business's first available pledge of
    that category (which one with units left is chosen by `_pledge_with_units_left`)."""
    if voucher.pledge is not None:
        return voucher.pledge if voucher.pledge.enrolment_id == enrolment.id else None
    return next(iter(_category_pledges(voucher, enrolment, on)), None)


def _pledge_with_units_left(
    voucher: Voucher, enrolment: DonorEnrolment, now: datetime, *, taking: bool
) -> Pledge:
    """For a category voucher: the first of the business's pledges with the voucher's units
    left this month. When `taking` (the redemption itself), the pledges are locked before
    their months are counted, so a counter redeeming beside this one waits and then counts
    this redemption."""
    candidates = _for_the_holder(voucher, _category_pledges(voucher, enrolment, seoul_today(now)))
    if not candidates:
        raise NotForThisShop()
    if taking:
        lock(*candidates)  # in id order: two redemptions never wait on each other in a circle
    for pledge in candidates:
        if units_left_this_month(pledge, now) >= voucher.units:
            return pledge
    assert voucher.category is not None
    raise ShopHasNoMore(voucher.category)


def _find(
    typed: str, enrolment: DonorEnrolment, now: datetime, *, taking: bool = False
) -> tuple[Voucher, Pledge]:
    if is_locked(enrolment, now):
        raise RedemptionLocked()
    code = codes.normalise(typed)
    if code is None:
        raise MistypedCode()
    voucher = db.session.scalar(select(Voucher).where(Voucher.code_index == code_index(code)))
    today = seoul_today(now)
    pledge = _pledge_for(voucher, enrolment, today) if voucher is not None else None
    if voucher is None or pledge is None:
        raise UnknownCode()
    if voucher.status != VoucherStatus.ISSUED or voucher.valid_until < today:
        raise VoucherNotValid()
    if voucher.pledge is None:
        pledge = _pledge_with_units_left(voucher, enrolment, now, taking=taking)
    return voucher, pledge


def look_up(typed: str, enrolment: DonorEnrolment, now: datetime | None = None) -> VoucherFacts:
    voucher, pledge = _find(typed, enrolment, now or utcnow())
    return VoucherFacts(
        unit=pledge.unit,
        units=voucher.units,
        valid_until=voucher.valid_until,
        needs_pin=voucher.pin_hash is not None,
        code=codes.grouped(voucher.code),
    )


def redeem(
    typed: str, pin: str, enrolment: DonorEnrolment, staff: User, now: datetime | None = None
) -> Voucher:
    """One step: the conditional UPDATE … WHERE status = 'issued' lets exactly one of two
    simultaneous redemptions through (PostgreSQL's row lock makes the second re-read the row;
    SQLite's writer lock runs them one after the other); the loser changes no row and is told
    the voucher is no longer valid."""
    now = now or utcnow()
    voucher, pledge = _find(typed, enrolment, now, taking=True)
    if not pin_matches(voucher, pin):
        raise WrongPin()
    changed = rows_changed(
        update(Voucher)
        .where(
            Voucher.id == voucher.id,
            Voucher.status == VoucherStatus.ISSUED,
            Voucher.valid_until >= seoul_today(now),
        )
        .values(
            status=VoucherStatus.REDEEMED,
            redeemed_at=now,
            redeemed_by_id=staff.id,
            redeemed_pledge_id=pledge.id,
        )
    )
    if changed != 1:
        raise VoucherNotValid()
    db.session.expire(voucher)
    record_event(voucher, LedgerEventKind.REDEEMED, now, staff.id)
    record_donation(voucher, pledge, now)
    db.session.flush()
    return voucher


def may_reverse(voucher: Voucher, enrolment: DonorEnrolment, now: datetime | None = None) -> bool:
    return (
        voucher.status == VoucherStatus.REDEEMED
        and voucher.redeemed_pledge is not None
        and voucher.redeemed_pledge.enrolment_id == enrolment.id
        and voucher.redeemed_at is not None
        and (now or utcnow()) - voucher.redeemed_at <= REVERSIBLE_FOR
    )


def reverse(
    voucher: Voucher,
    reason: str,
    enrolment: DonorEnrolment,
    staff: User,
    now: datetime | None = None,
) -> None:
    """The voucher can be used again; its donation is cancelled by a linked record."""
    now = now or utcnow()
    if voucher.status != VoucherStatus.REDEEMED:
        raise NotRedeemed()
    if not may_reverse(voucher, enrolment, now):
        raise ReversalTooLate()
    changed = rows_changed(
        update(Voucher)
        .where(Voucher.id == voucher.id, Voucher.status == VoucherStatus.REDEEMED)
        .values(status=VoucherStatus.ISSUED, redeemed_at=None, redeemed_by_id=None)
    )
    if changed != 1:
        raise NotRedeemed()
    cancel_donation(voucher, now)
    db.session.expire(voucher)
    record_event(voucher, LedgerEventKind.REVERSED, now, staff.id, reason)
    db.session.flush()
