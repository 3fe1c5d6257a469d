"""Signboards: "디딤돌 나눔가게 제 N호", numbered city-wide without gaps and never reused.

A donor may get one once approved for DIDIMDOL_SIGNBOARD_MONTHS months (counted from its first
approval) or after DIDIMDOL_SIGNBOARD_REDEMPTIONS standing redemptions. Its public page is
live: active while the enrolment is approved and the signboard not revoked.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy import func, select

from app.accounts.models import User
from app.clock import seoul_day, utcnow
from app.didimdol.models import (
    DonationRecord,
    DonorEnrolment,
    EnrolmentChange,
    EnrolmentStatus,
)
from app.didimdol.receipts_errors import (
    AlreadyRevoked,
    AlreadySignboarded,
    NotYetEligible,
    ReasonRequired,
)
from app.didimdol.receipts_models import Signboard
from app.didimdol.serials import next_number
from app.extensions import db

SERIES = "signboard"


def redemptions(enrolment: DonorEnrolment) -> int:
    cancelled = select(DonationRecord.cancels_id).where(DonationRecord.cancels_id.is_not(None))
    count = db.session.scalar(
        select(func.count(DonationRecord.id)).where(
            DonationRecord.enrolment_id == enrolment.id,
            DonationRecord.cancels_id.is_(None),
            DonationRecord.id.not_in(cancelled),
        )
    )
    return count or 0


def approved_since(enrolment: DonorEnrolment) -> datetime | None:
    return db.session.scalar(
        select(func.min(EnrolmentChange.at)).where(
            EnrolmentChange.enrolment_id == enrolment.id,
            EnrolmentChange.status == EnrolmentStatus.APPROVED,
        )
    )


def whole_months(since: datetime, now: datetime) -> int:
    """Seoul calendar months from one day to another: 15 January to 15 March is two."""
    start, end = seoul_day(since), seoul_day(now)
    return (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)


def is_eligible(enrolment: DonorEnrolment, now: datetime | None = None) -> bool:
    if enrolment.status != EnrolmentStatus.APPROVED:
        return False
    config = current_app.config
    since = approved_since(enrolment)
    if (
        since is not None
        and whole_months(since, now or utcnow()) >= config["DIDIMDOL_SIGNBOARD_MONTHS"]
    ):
        return True
    return redemptions(enrolment) >= config["DIDIMDOL_SIGNBOARD_REDEMPTIONS"]


def standing_signboard(enrolment: DonorEnrolment) -> Signboard | None:
    return db.session.scalar(
        select(Signboard).where(
            Signboard.enrolment_id == enrolment.id, Signboard.revoked_at.is_(None)
        )
    )


def issue_signboard(
    enrolment: DonorEnrolment, officer: User, now: datetime | None = None
) -> Signboard:
    if standing_signboard(enrolment) is not None:
        raise AlreadySignboarded()
    if not is_eligible(enrolment, now):
        raise NotYetEligible()
    signboard = Signboard(
        number=next_number(SERIES),
        enrolment_id=enrolment.id,
        issued_at=now or utcnow(),
        issued_by_id=officer.id,
    )
    db.session.add(signboard)
    db.session.flush()
    return signboard


def revoke_signboard(
    signboard: Signboard, reason: str, officer: User, now: datetime | None = None
) -> Signboard:
    if signboard.revoked_at is not None:
        raise AlreadyRevoked()
    if not reason.strip():
        raise ReasonRequired()
    signboard.revoked_at = now or utcnow()
    signboard.revoked_by_id = officer.id
    signboard.revoke_reason = reason.strip()
    db.session.flush()
    return signboard


def is_active(signboard: Signboard) -> bool:
    return signboard.revoked_at is None and signboard.enrolment.status == EnrolmentStatus.APPROVED


def signboards() -> list[Signboard]:
    return list(db.session.scalars(select(Signboard).order_by(Signboard.number.desc())))


def by_number(number: int) -> Signboard | None:
    return db.session.scalar(select(Signboard).where(Signboard.number == number))
