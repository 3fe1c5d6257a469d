"""A donor's pledges: drafted, published, paused and ended by the donor's members."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.areas.models import Area
from app.categories.models import Category
from app.didimdol.errors import DonorNotActive, ValidityOutOfOrder, WrongPledgeStep
from app.didimdol.models import (
    DonorEnrolment,
    EnrolmentStatus,
    Pledge,
    PledgeKind,
    PledgeStatus,
)
from app.extensions import db

NEXT_STEPS = {
    PledgeStatus.PUBLISHED: {PledgeStatus.DRAFT, PledgeStatus.PAUSED},
    PledgeStatus.PAUSED: {PledgeStatus.PUBLISHED},
    PledgeStatus.ENDED: {PledgeStatus.DRAFT, PledgeStatus.PUBLISHED, PledgeStatus.PAUSED},
}


@dataclass(frozen=True)
class PledgeTerms:
    category: Category
    kind: PledgeKind
    unit: str
    unit_value: int
    monthly_capacity: int
    target_groups: list[str]
    dongs: list[Area]
    valid_from: date
    valid_until: date
    how_to_redeem: str


def draft_pledge(enrolment: DonorEnrolment, terms: PledgeTerms) -> Pledge:
    if enrolment.status != EnrolmentStatus.APPROVED:
        raise DonorNotActive()
    if terms.valid_until < terms.valid_from:
        raise ValidityOutOfOrder()
    pledge = Pledge(
        enrolment=enrolment,
        category=terms.category,
        kind=terms.kind,
        unit=terms.unit,
        unit_value=terms.unit_value,
        monthly_capacity=terms.monthly_capacity,
        target_groups=sorted(terms.target_groups),
        dongs=list(terms.dongs),
        valid_from=terms.valid_from,
        valid_until=terms.valid_until,
        how_to_redeem=terms.how_to_redeem,
    )
    db.session.add(pledge)
    db.session.flush()
    return pledge


def move_pledge(pledge: Pledge, status: PledgeStatus) -> None:
    if pledge.status not in NEXT_STEPS.get(status, set()):
        raise WrongPledgeStep()
    if status == PledgeStatus.PUBLISHED and pledge.enrolment.status != EnrolmentStatus.APPROVED:
        raise DonorNotActive()
    pledge.status = status
    db.session.flush()
