"""Read-only queries for Didimdol's pages."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app.areas.models import Area, AreaLevel
from app.categories.models import Category
from app.didimdol.models import (
    DonationRecord,
    DonorEnrolment,
    EnrolmentStatus,
    Facility,
    Pledge,
    PledgeStatus,
    Voucher,
)
from app.didimdol.models import facility_dongs as facility_dongs_table
from app.didimdol.rules import WELFARE_TYPES
from app.extensions import db
from app.organisations.models import (
    Membership,
    MembershipStatus,
    Organisation,
    OrganisationStatus,
)
from app.permissions import signed_in


def _member_organisation_ids(person: Any):
    return select(Membership.organisation_id).where(
        Membership.user_id == person.id, Membership.status == MembershipStatus.APPROVED
    )


def donor_enrolments_of(person: Any) -> list[DonorEnrolment]:
    if not signed_in(person):
        return []
    query = (
        select(DonorEnrolment)
        .where(DonorEnrolment.organisation_id.in_(_member_organisation_ids(person)))
        .order_by(DonorEnrolment.id)
    )
    return list(db.session.scalars(query))


def redeeming_enrolment(person: Any) -> DonorEnrolment | None:
    """The approved donor a person redeems for: the first, when they belong to several (rare:
    a shop's staff belong to their shop)."""
    return next(
        (e for e in donor_enrolments_of(person) if e.status == EnrolmentStatus.APPROVED), None
    )


def facilities_of(person: Any) -> list[Facility]:
    if not signed_in(person):
        return []
    query = (
        select(Facility)
        .where(Facility.organisation_id.in_(_member_organisation_ids(person)))
        .order_by(Facility.id)
    )
    return list(db.session.scalars(query))


def enrolments() -> list[DonorEnrolment]:
    query = select(DonorEnrolment).options(joinedload(DonorEnrolment.organisation))
    return list(db.session.scalars(query.order_by(DonorEnrolment.id.desc())))


def facilities() -> list[Facility]:
    query = select(Facility).options(joinedload(Facility.organisation))
    return list(db.session.scalars(query.order_by(Facility.id)))


def designatable_organisations() -> list[Organisation]:
    query = (
        select(Organisation)
        .where(
            Organisation.type.in_(WELFARE_TYPES),
            Organisation.status == OrganisationStatus.VERIFIED,
            Organisation.id.not_in(select(Facility.organisation_id)),
        )
        .order_by(Organisation.name_ko)
    )
    return list(db.session.scalars(query))


def dongs() -> list[Area]:
    query = select(Area).where(Area.level == AreaLevel.DONG).order_by(Area.name_ko)
    return list(db.session.scalars(query))


def categories() -> list[Category]:
    return list(db.session.scalars(select(Category).order_by(Category.id)))


def pledges_of(enrolment: DonorEnrolment) -> list[Pledge]:
    query = select(Pledge).where(Pledge.enrolment_id == enrolment.id).order_by(Pledge.id.desc())
    return list(db.session.scalars(query))


def published_pledges(facility: Facility) -> list[Pledge]:
    """What the facility may issue vouchers for: published pledges of approved donors in one
    of its dongs."""
    facility_dongs = select(facility_dongs_table.c.area_id).where(
        facility_dongs_table.c.facility_id == facility.id
    )
    query = (
        select(Pledge)
        .join(DonorEnrolment)
        .where(
            Pledge.status == PledgeStatus.PUBLISHED,
            DonorEnrolment.status == EnrolmentStatus.APPROVED,
            Pledge.dongs.any(Area.id.in_(facility_dongs)),
        )
        .options(joinedload(Pledge.enrolment).joinedload(DonorEnrolment.organisation))
        .order_by(Pledge.unit)
    )
    return list(db.session.scalars(query))


def donated_value(enrolment: DonorEnrolment) -> int:
    total = db.session.scalar(
        select(func.coalesce(func.sum(DonationRecord.value), 0)).where(
            DonationRecord.enrolment_id == enrolment.id
        )
    )
    return int(total or 0)


def vouchers_of(beneficiary_id: int) -> list[Voucher]:
    query = (
        select(Voucher).where(Voucher.beneficiary_id == beneficiary_id).order_by(Voucher.id.desc())
    )
    return list(db.session.scalars(query))
