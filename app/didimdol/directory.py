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
from app.didimdol.rules import may_enrol
from app.didimdol.vouchers import units_taken_this_month
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


def signboard_number(enrolment: DonorEnrolment) -> int | None:
    # The signboards part of issue 15 is built in parallel: once DonorEnrolment has its
    # signboard, this is the one line to change (shown only while the signboard is active), e.g.
    #   return enrolment.signboard.number if enrolment.signboard else None
    return None


def listed_donors(now: datetime | None = None) -> list[ListedDonor]:
    now = now or utcnow()
    query = (
        select(DonorEnrolment)
        .join(Organisation)
        .where(DonorEnrolment.status == EnrolmentStatus.APPROVED)
        .options(joinedload(DonorEnrolment.organisation))
        .order_by(Organisation.name_ko)
    )
    donors = []
    for enrolment in db.session.scalars(query):
        pledges = list(
            db.session.scalars(
                select(Pledge)
                .where(Pledge.enrolment_id == enrolment.id, Pledge.status == PledgeStatus.PUBLISHED)
                .options(selectinload(Pledge.dongs), joinedload(Pledge.category))
                .order_by(Pledge.unit)
            )
        )
        if not pledges:
            continue  # a donor with nothing on offer has nothing to show yet
        kinds = {p.category.id: p.category for p in pledges}
        dongs = {d.id: d for p in pledges for d in p.dongs}
        donors.append(
            ListedDonor(
                enrolment,
                sorted(kinds.values(), key=lambda c: c.name),
                sorted(dongs.values(), key=lambda a: a.name),
                [
                    PublicPledge(p, max(p.monthly_capacity - units_taken_this_month(p, now), 0))
                    for p in pledges
                ],
                signboard_number(enrolment),
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
