"""The ledger's rows: one event per thing that happened to a voucher, one donation record per
redemption and one cancelling record per reversal. Rows are only ever added."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from app.didimdol.models import DonationRecord, LedgerEvent, LedgerEventKind, Pledge, Voucher
from app.extensions import db


def record_event(
    voucher: Voucher,
    kind: LedgerEventKind,
    at: datetime,
    actor_id: int | None = None,
    reason: str = "",
) -> LedgerEvent:
    event = LedgerEvent(voucher_id=voucher.id, kind=kind, at=at, actor_id=actor_id, reason=reason)
    db.session.add(event)
    return event


def record_donation(voucher: Voucher, pledge: Pledge, at: datetime) -> DonationRecord:
    """Valued at the pledge's unit value when redeemed: a later change of price changes nothing
    already given."""
    donation = DonationRecord(
        at=at,
        enrolment_id=pledge.enrolment_id,
        pledge_id=pledge.id,
        voucher_id=voucher.id,
        kind=pledge.kind,
        units=voucher.units,
        unit_value=pledge.unit_value,
        value=voucher.units * pledge.unit_value,
    )
    db.session.add(donation)
    return donation


def cancel_donation(voucher: Voucher, at: datetime) -> DonationRecord | None:
    """The voucher's standing donation (not yet cancelled), cancelled by a linked record."""
    cancelled = select(DonationRecord.cancels_id).where(DonationRecord.cancels_id.is_not(None))
    standing = db.session.scalar(
        select(DonationRecord)
        .where(
            DonationRecord.voucher_id == voucher.id,
            DonationRecord.cancels_id.is_(None),
            DonationRecord.id.not_in(cancelled),
        )
        .order_by(DonationRecord.id.desc())
    )
    if standing is None:
        return None
    cancelling = DonationRecord(
        at=at,
        enrolment_id=standing.enrolment_id,
        pledge_id=standing.pledge_id,
        voucher_id=voucher.id,
        kind=standing.kind,
        units=-standing.units,
        unit_value=standing.unit_value,
        value=-standing.value,
        cancels_id=standing.id,
    )
    db.session.add(cancelling)
    return cancelling
