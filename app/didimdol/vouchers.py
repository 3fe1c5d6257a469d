"""Issuing vouchers within the facility's monthly quota and the pledge's monthly capacity, and
cancelling or expiring them. Each writes its ledger event.

A voucher for one pledge takes that pledge's units in the month it is issued. A voucher for any
pledge of a category takes none until a shop redeems it: then it takes the units of the pledge
it was redeemed against, in the month of the redemption (app.didimdol.redemption checks and
takes them in one step). `_taken_in_month_of` is the one place that says so.

Two officers issuing at the same instant must not both take the last voucher of a month: the
count and the insert run under a lock. PostgreSQL locks the facility's and the pledge's rows
(SELECT … FOR UPDATE) until the commit; SQLite's writing transactions already hold the whole
database's write lock from their first statement (app.transactions), so the clause is left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, Update, and_, func, or_, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from app.access_log import AccessAction, record_access
from app.accounts.models import User
from app.categories.models import Category
from app.clock import seoul_today, utcnow
from app.didimdol import codes
from app.didimdol.errors import (
    CapacityReached,
    CategoryCapacityReached,
    NotInTargetGroups,
    PledgeNotAvailable,
    QuotaReached,
    ValidityBeyondPledge,
    VoucherNotValid,
)
from app.didimdol.facilities import SUBJECT_KIND, require_may_receive
from app.didimdol.ledger import record_event
from app.didimdol.models import (
    Beneficiary,
    EnrolmentStatus,
    Facility,
    LedgerEventKind,
    Pledge,
    PledgeStatus,
    Voucher,
    VoucherStatus,
)
from app.didimdol.months import month_of
from app.extensions import db
from app.vault import blind_index

COUNTED = (VoucherStatus.ISSUED, VoucherStatus.REDEEMED, VoucherStatus.EXPIRED)  # not cancelled


@dataclass(frozen=True)
class Issued:
    voucher: Voucher
    code: str  # the normal form: shown on the slip, never stored in clear


def rows_changed(statement: Update) -> int:
    """Run a conditional UPDATE; how many rows it changed (0: another request was first)."""
    result = db.session.execute(statement.execution_options(synchronize_session=False))
    return cast(CursorResult[Any], result).rowcount


def code_index(code: str) -> str:
    index = blind_index("voucher_code", code)
    assert index is not None
    return index


def serves_facility(pledge: Pledge, facility: Facility) -> bool:
    """Vouchers go from nearby facilities to nearby shops: a pledge and a facility meet in a
    dong they both serve."""
    return bool({d.id for d in pledge.dongs} & {d.id for d in facility.dongs})


def pledge_is_available(pledge: Pledge, on: date) -> bool:
    return (
        pledge.status == PledgeStatus.PUBLISHED
        and pledge.enrolment.status == EnrolmentStatus.APPROVED
        and pledge.valid_from <= on <= pledge.valid_until
    )


def lock(*rows: Facility | Pledge | None) -> None:
    if db.session.get_bind().dialect.name == "sqlite":
        return
    for row in rows:
        if row is not None:
            model = type(row)
            db.session.execute(select(model.id).where(model.id == row.id).with_for_update())


def issued_this_month(facility: Facility, now: datetime) -> int:
    start, end = month_of(now)
    return (
        db.session.scalar(
            select(func.count(Voucher.id)).where(
                Voucher.facility_id == facility.id,
                Voucher.issued_at >= start,
                Voucher.issued_at < end,
                Voucher.status.in_(COUNTED),
            )
        )
        or 0
    )


# The pledge whose units a voucher takes: its own, or the one a category voucher was redeemed
# against (a pledge voucher's redeemed_pledge_id is its own pledge, so coalesce picks that).
PLEDGE_TAKEN: ColumnElement[int] = func.coalesce(Voucher.pledge_id, Voucher.redeemed_pledge_id)


def _taken_in_month_of(now: datetime) -> ColumnElement[bool]:
    """The vouchers that use up a pledge's capacity in the Seoul month holding `now`: a pledge's
    own issued in it (not cancelled), and a category voucher redeemed in it (a reversed one
    gives its unit back)."""
    start, end = month_of(now)
    return or_(
        and_(
            Voucher.pledge_id.is_not(None),
            Voucher.issued_at >= start,
            Voucher.issued_at < end,
            Voucher.status.in_(COUNTED),
        ),
        and_(
            Voucher.pledge_id.is_(None),
            Voucher.status == VoucherStatus.REDEEMED,
            Voucher.redeemed_at >= start,
            Voucher.redeemed_at < end,
        ),
    )


def units_taken_this_month(pledge: Pledge, now: datetime) -> int:
    return (
        db.session.scalar(
            select(func.coalesce(func.sum(Voucher.units), 0)).where(
                or_(Voucher.pledge_id == pledge.id, Voucher.redeemed_pledge_id == pledge.id),
                _taken_in_month_of(now),
            )
        )
        or 0
    )


def units_left_this_month(pledge: Pledge, now: datetime) -> int:
    return max(pledge.monthly_capacity - units_taken_this_month(pledge, now), 0)


def units_taken_by_pledge(now: datetime) -> dict[int, int]:
    """Every pledge's units taken this Seoul month, in one grouped query (the public list)."""
    statement = (
        select(PLEDGE_TAKEN, func.sum(Voucher.units))
        .where(PLEDGE_TAKEN.is_not(None), _taken_in_month_of(now))
        .group_by(PLEDGE_TAKEN)
    )
    rows = db.session.execute(statement)
    return {int(pledge_id): int(units or 0) for pledge_id, units in rows if pledge_id is not None}


def category_units_left(facility: Facility, category: Category | None, now: datetime) -> int:
    """What the available pledges of the category in the facility's dongs have left this
    month: a category voucher reserves nothing, but one issued where nothing is left could
    only be refused at the counter."""
    if category is None:
        return 0
    today = seoul_today(now)
    pledges = db.session.scalars(
        select(Pledge).where(
            Pledge.category_id == category.id, Pledge.status == PledgeStatus.PUBLISHED
        )
    )
    return sum(
        units_left_this_month(pledge, now)
        for pledge in pledges
        if pledge_is_available(pledge, today) and serves_facility(pledge, facility)
    )


def issue_voucher(
    facility: Facility,
    beneficiary: Beneficiary,
    *,
    pledge: Pledge | None,
    category: Category | None,
    units: int,
    valid_until: date,
    pin: str,
    officer: User,
    now: datetime | None = None,
) -> Issued:
    now = now or utcnow()
    today = seoul_today(now)
    assert beneficiary.facility_id == facility.id, "a facility issues to its own people only"
    lock(facility, pledge)
    # On the real day, not `now`: a voucher back-dated for a month's boundary still needs the
    # consent that holds as it is issued.
    require_may_receive(beneficiary, seoul_today())
    if pledge is not None:
        if not pledge_is_available(pledge, today) or not serves_facility(pledge, facility):
            raise PledgeNotAvailable()
        if not pledge.serves(beneficiary.target_groups):
            raise NotInTargetGroups()
        if valid_until > pledge.valid_until:
            raise ValidityBeyondPledge()
    if valid_until < today:
        raise ValidityBeyondPledge()
    if issued_this_month(facility, now) >= facility.monthly_quota:
        raise QuotaReached()
    if pledge is not None and units_taken_this_month(pledge, now) + units > pledge.monthly_capacity:
        raise CapacityReached()
    category_left = category_units_left(facility, category, now) if pledge is None else None
    if category_left is not None and category_left < units:
        raise CategoryCapacityReached()
    code = codes.new_code()
    voucher = Voucher(
        code_index=code_index(code),
        code=code,
        pin_hash=generate_password_hash(pin) if pin else None,
        facility=facility,
        beneficiary=beneficiary,
        pledge=pledge,
        category=category if pledge is None else None,
        units=units,
        issued_at=now,
        issued_by_id=officer.id,
        valid_until=valid_until,
    )
    db.session.add(voucher)
    db.session.flush()
    record_event(voucher, LedgerEventKind.ISSUED, now, officer.id)
    record_access(SUBJECT_KIND, beneficiary.id, AccessAction.EDIT, actor=officer)
    db.session.flush()
    return Issued(voucher, code)


def pin_matches(voucher: Voucher, pin: str) -> bool:
    return voucher.pin_hash is None or check_password_hash(voucher.pin_hash, pin or "")


def cancel_voucher(
    voucher: Voucher, reason: str, officer: User, now: datetime | None = None
) -> None:
    now = now or utcnow()
    changed = rows_changed(
        update(Voucher)
        .where(Voucher.id == voucher.id, Voucher.status == VoucherStatus.ISSUED)
        .values(status=VoucherStatus.CANCELLED)
    )
    if changed != 1:
        raise VoucherNotValid()
    db.session.expire(voucher, ["status"])
    record_event(voucher, LedgerEventKind.CANCELLED, now, officer.id, reason)
    db.session.flush()


def expire_vouchers(now: datetime | None = None) -> int:
    """Mark the vouchers past their last day expired, each once (the conditional UPDATE: a
    second run, or one beside it, finds nothing left to mark)."""
    now = now or utcnow()
    today = seoul_today(now)
    due = select(Voucher).where(Voucher.status == VoucherStatus.ISSUED, Voucher.valid_until < today)
    count = 0
    for voucher in db.session.scalars(due).all():
        changed = rows_changed(
            update(Voucher)
            .where(Voucher.id == voucher.id, Voucher.status == VoucherStatus.ISSUED)
            .values(status=VoucherStatus.EXPIRED)
        )
        if changed == 1:
            record_event(voucher, LedgerEventKind.EXPIRED, now)
            count += 1
    db.session.flush()
    return count
