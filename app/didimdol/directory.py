"""The public donor directory: approved donors with their published pledges, what each has left
this month, the dongs they serve and (once signboards exist) their signboard number.

Only what a business chose to publish leaves here: never its registration number, never a
facility or a beneficiary (a pledge's monthly remainder is a sum over all vouchers, which
names no one).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.areas.models import Area
from app.categories.models import Category
from app.clock import utcnow
from app.didimdol.models import DonorEnrolment, EnrolmentStatus, Pledge, PledgeStatus
from app.didimdol.receipts_models import Signboard
from app.didimdol.rules import may_enrol
from app.didimdol.vouchers import units_taken_by_pledge
from app.extensions import db
from app.organisations.models import Membership, MembershipStatus, Organisation
from app.permissions import signed_in


@dataclass(frozen=True)
class PublicPledge:
    pledge: Pledge
    left_this_month: int


@dataclass(frozen=True)
class ListedDonor:
    enrolment: DonorEnrolment
    kinds: list[Category]  # the kinds of business, read from what it pledges
    dongs: list[Area]
    pledges: list[PublicPledge]
    signboard_number: int | None


def _standing_signboard_numbers() -> dict[int, int]:
    """Each enrolment's standing (not revoked) signboard number, in one query."""
    statement = select(Signboard.enrolment_id, Signboard.number).where(
        Signboard.revoked_at.is_(None)
    )
    return {row.enrolment_id: row.number for row in db.session.execute(statement)}


def listed_donors(now: datetime | None = None) -> list[ListedDonor]:
    """Three queries whatever the number of donors: the directory may list thousands."""
    now = now or utcnow()
    query = (
        select(Pledge)
        .join(DonorEnrolment)
        .join(Organisation)
        .where(
            DonorEnrolment.status == EnrolmentStatus.APPROVED,
            Pledge.status == PledgeStatus.PUBLISHED,
        )
        .options(
            joinedload(Pledge.enrolment).joinedload(DonorEnrolment.organisation),
            joinedload(Pledge.category),
            selectinload(Pledge.dongs),
        )
        .order_by(Organisation.name_ko, DonorEnrolment.id, Pledge.unit)
    )
    taken = units_taken_by_pledge(now)
    signboards = _standing_signboard_numbers()
    by_donor: dict[int, list[Pledge]] = {}
    for pledge in db.session.scalars(query).unique():
        by_donor.setdefault(pledge.enrolment_id, []).append(pledge)
    donors = []
    for pledges in by_donor.values():  # a donor with nothing published is not listed
        enrolment = pledges[0].enrolment
        kinds = {p.category.id: p.category for p in pledges}
        dongs = {d.id: d for p in pledges for d in p.dongs}
        donors.append(
            ListedDonor(
                enrolment,
                sorted(kinds.values(), key=lambda c: c.name),
                sorted(dongs.values(), key=lambda a: a.name),
                [PublicPledge(p, max(p.monthly_capacity - taken.get(p.id, 0), 0)) for p in pledges],
                signboards.get(enrolment.id),
            )
        )
    return donors


def enrollable_businesses(person: Any) -> list[Organisation]:
    """The join page's shortcut into the enrolment form: businesses the person represents that
    may enrol and have not yet."""
    if not signed_in(person):
        return []
    query = (
        select(Organisation)
        .join(Membership)
        .where(
            Membership.user_id == person.id,
            Membership.status == MembershipStatus.APPROVED,
            Organisation.id.not_in(select(DonorEnrolment.organisation_id)),
        )
        .order_by(Organisation.name_ko)
    )
    return [o for o in db.session.scalars(query) if may_enrol(person, o)]
