"""Facilities and their beneficiaries. A beneficiary's record is the facility's alone: every
change is an edit in the access log (app.access_log), and the person's consent to collection
is a consent record (app.consents), given by a legal guardian under 14 (PIPA art. 22-2)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.access_log import AccessAction, record_access
from app.accounts.models import User
from app.areas.models import Area
from app.clock import seoul_today
from app.consents.models import ConsentMethod, ConsentPurpose
from app.consents.services import has_consent, record_consent
from app.consents.subjects import Subject
from app.didimdol.errors import (
    AlreadyDesignated,
    GuardianRequired,
    NoLongerLookedAfter,
    NotAWelfareOrganisation,
    NoVoucherConsent,
)
from app.didimdol.models import Beneficiary, Facility
from app.didimdol.rules import WELFARE_TYPES
from app.extensions import db
from app.organisations.models import Organisation, OrganisationStatus
from app.vault import blind_index

SUBJECT_KIND = "didimdol_beneficiary"  # how the access log and consents name these records
GUARDIAN_BELOW_AGE = 14
# The consent given at enrolment ("collecting these details") is what the programme holds the
# person's details and issues their vouchers under: withdrawn, nothing more is issued.
VOUCHER_CONSENT = ConsentPurpose.COLLECTION_AND_USE


def designate(organisation: Organisation, quota: int, dongs: list[Area], officer: User) -> Facility:
    if organisation.type not in WELFARE_TYPES or organisation.status != OrganisationStatus.VERIFIED:
        raise NotAWelfareOrganisation()
    if db.session.scalar(select(Facility.id).where(Facility.organisation_id == organisation.id)):
        raise AlreadyDesignated()
    facility = Facility(
        organisation=organisation,
        monthly_quota=quota,
        dongs=list(dongs),
        designated_by_id=officer.id,
    )
    db.session.add(facility)
    db.session.flush()
    return facility


def set_quota(facility: Facility, quota: int) -> None:
    facility.monthly_quota = quota
    db.session.flush()


@dataclass(frozen=True)
class Consent:
    method: ConsentMethod
    given_on: date
    guardian_relationship: str = ""


def is_under_guardian_age(birth_year: int, today: date | None = None) -> bool:
    # By birth year alone the age may be a year too high; a person who may still be 13 is
    # treated as under 14 (the stricter reading).
    return (today or seoul_today()).year - birth_year <= GUARDIAN_BELOW_AGE


def add_beneficiary(
    facility: Facility,
    *,
    name: str,
    phone: str,
    birth_year: int,
    target_groups: list[str],
    consent: Consent,
    officer: User,
) -> Beneficiary:
    if is_under_guardian_age(birth_year) and consent.method != ConsentMethod.BY_GUARDIAN:
        raise GuardianRequired()
    beneficiary = Beneficiary(
        facility=facility,
        name=name,
        phone=phone,
        phone_index=blind_index("phone", phone) if phone else None,
        birth_year=birth_year,
        target_groups=sorted(target_groups),
        created_by_id=officer.id,
    )
    db.session.add(beneficiary)
    db.session.flush()
    record_consent(
        Subject(SUBJECT_KIND, beneficiary.id),
        VOUCHER_CONSENT,
        method=consent.method,
        given_on=consent.given_on,
        obtained_by=officer,
        guardian_relationship=consent.guardian_relationship,
    )
    record_access(SUBJECT_KIND, beneficiary.id, AccessAction.EDIT, actor=officer)
    return beneficiary


def beneficiaries_of(facility: Facility) -> list[Beneficiary]:
    query = (
        select(Beneficiary)
        .where(Beneficiary.facility_id == facility.id, Beneficiary.left_at.is_(None))
        .order_by(Beneficiary.id)
    )
    return list(db.session.scalars(query))


def require_may_receive(beneficiary: Beneficiary, on: date) -> None:
    """Fail closed: a voucher goes only to a person still looked after whose consent holds on
    the day (app.consents.services.has_consent)."""
    if beneficiary.left_at is not None:
        raise NoLongerLookedAfter()
    if not has_consent(Subject(SUBJECT_KIND, beneficiary.id), VOUCHER_CONSENT, on=on):
        raise NoVoucherConsent()
