"""A beneficiary leaving the facility's care, and the withdrawal of their consent. Flush,
never commit.

Either stops issuing (app.didimdol.facilities.require_may_receive) and starts the retention
clock of their name and phone (left_at, app.didimdol.retention). A withdrawal also cancels the
vouchers not yet used, each with its ledger event, since the programme may no longer act on
the person's details; a person who only left keeps theirs until they expire (a voucher in hand
was given under a consent that still holds).
"""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import select

from app.access_log import AccessAction, record_access
from app.accounts.models import User
from app.clock import from_seoul, seoul_today, utcnow
from app.consents.models import ConsentMethod, ConsentRecord
from app.consents.services import valid_consents, withdraw
from app.consents.subjects import Subject
from app.didimdol.errors import AlreadyLeft, NoVoucherConsent
from app.didimdol.facilities import SUBJECT_KIND, VOUCHER_CONSENT
from app.didimdol.models import Beneficiary, LeftReason, Voucher, VoucherStatus
from app.didimdol.vouchers import cancel_voucher
from app.extensions import db

CANCELLED_ON_WITHDRAWAL = "consent withdrawn"  # the ledger's reason, as the ledger keeps it
WITHDRAWN_BY = {
    "person": LeftReason.CONSENT_WITHDRAWN_BY_PERSON,
    "guardian": LeftReason.CONSENT_WITHDRAWN_BY_GUARDIAN,
}


def _moment(day: date, now: datetime) -> datetime:
    """Today: now; an earlier day told afterwards: the start of that day in Seoul."""
    return now if day >= seoul_today(now) else from_seoul(datetime.combine(day, time()))


def record_leaving(
    beneficiary: Beneficiary,
    left_on: date,
    reason: LeftReason,
    officer: User,
    now: datetime | None = None,
) -> None:
    if beneficiary.left_at is not None:
        raise AlreadyLeft()
    beneficiary.left_at = _moment(left_on, now or utcnow())
    beneficiary.left_reason = reason
    record_access(SUBJECT_KIND, beneficiary.id, AccessAction.EDIT, actor=officer)
    db.session.flush()


def withdraw_consent(
    beneficiary: Beneficiary,
    said_on: date,
    said_by: str,
    officer: User,
    now: datetime | None = None,
) -> int:
    """The person (or their guardian) withdrew their consent on `said_on`: every consent of
    theirs that held is stamped withdrawn, their unused vouchers are cancelled, and they leave
    the facility's list (if they had not already). How many vouchers were cancelled."""
    now = now or utcnow()
    held = valid_consents(Subject(SUBJECT_KIND, beneficiary.id), VOUCHER_CONSENT)
    if not held:
        raise NoVoucherConsent()
    at = _moment(said_on, now)
    for record in held:
        withdraw(record, officer, at, hide_dependents=False)
    cancelled = _end_under_withdrawal(beneficiary, at, WITHDRAWN_BY[said_by], officer, now)
    record_access(SUBJECT_KIND, beneficiary.id, AccessAction.EDIT, actor=officer)
    db.session.flush()
    return cancelled


def consent_withdrawn(beneficiary: Beneficiary, consent: ConsentRecord) -> None:
    """The other door: a consent withdrawn on the general consent pages (app.consents calls
    this in the withdrawing transaction, which logs the edit). Once no consent to collection
    holds any more, the same follows as on the facility's page."""
    if consent.purpose != VOUCHER_CONSENT:
        return
    if valid_consents(Subject(SUBJECT_KIND, beneficiary.id), VOUCHER_CONSENT):
        return  # another consent still holds (a renewed one): the programme may still act
    assert consent.withdrawn_at is not None and consent.withdrawn_by is not None
    # Who said it is not asked there: a consent a guardian gave is taken as the guardian's.
    said_by = "guardian" if consent.method == ConsentMethod.BY_GUARDIAN else "person"
    _end_under_withdrawal(
        beneficiary, consent.withdrawn_at, WITHDRAWN_BY[said_by], consent.withdrawn_by, utcnow()
    )
    db.session.flush()


def _end_under_withdrawal(
    beneficiary: Beneficiary, at: datetime, reason: LeftReason, officer: User, now: datetime
) -> int:
    """What a withdrawal means, whichever door it came through: the unused vouchers are
    cancelled and the person leaves the list (if they had not already). How many vouchers."""
    unused = db.session.scalars(
        select(Voucher)
        .where(Voucher.beneficiary_id == beneficiary.id, Voucher.status == VoucherStatus.ISSUED)
        .order_by(Voucher.id)
    ).all()
    for voucher in unused:
        cancel_voucher(voucher, CANCELLED_ON_WITHDRAWAL, officer, now)
    if beneficiary.left_at is None:
        beneficiary.left_at = at
    beneficiary.left_reason = reason
    return len(unused)
