"""Didimdol's test world: a donor barber with a published pledge, two facilities each with an
officer, a beneficiary whose name and phone are markers, and a programme officer."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime

from app.accounts.models import Role, User
from app.areas.models import Area, AreaLevel
from app.categories.models import Category
from app.consents.models import ConsentMethod
from app.didimdol.business_numbers import is_valid
from app.didimdol.facilities import Consent, add_beneficiary, designate
from app.didimdol.models import (
    Beneficiary,
    DonorEnrolment,
    EnrolmentStatus,
    Facility,
    Pledge,
    PledgeKind,
    PledgeStatus,
    TargetGroup,
)
from app.didimdol.vouchers import Issued, issue_voucher
from app.extensions import db
from app.organisations.models import OrganisationType
from app.vault import blind_index
from tests.factories import add_member, make_area, make_category, make_organisation, make_user

NAME_MARKER = "MarkerName김순자"
PHONE_MARKER = "010-9876-5432"
FACILITY_MARKER = "MarkerFacility희망복지관"
_numbers = itertools.count(100_000)


def new_business_number() -> str:
    """A valid registration number never used before in this run (live databases are shared)."""
    while True:
        candidate = f"{next(_numbers):09d}"
        for check in "0123456789":
            if is_valid(candidate + check):
                return candidate + check


# A fixed moment in the middle of a Seoul month (10 March 2026, 12:00 in Seoul).
MID_MARCH = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)


@dataclass
class World:
    people: dict[str, User | None]
    dong: Area
    category: Category
    enrolment: DonorEnrolment
    pledge: Pledge
    facility: Facility
    other_facility: Facility
    beneficiary: Beneficiary


def make_enrolment(representative: User | None, **fields) -> DonorEnrolment:
    number = fields.pop("number", None) or new_business_number()
    business = fields.pop("organisation", None) or make_organisation(
        representative, type=OrganisationType.BUSINESS, **fields
    )
    enrolment = DonorEnrolment(
        organisation=business,
        business_number=number,
        business_number_index=blind_index("business_number", number),
        status=EnrolmentStatus.APPROVED,
    )
    db.session.add(enrolment)
    db.session.flush()
    return enrolment


def make_pledge(enrolment: DonorEnrolment, category: Category, dong: Area, **fields) -> Pledge:
    pledge = Pledge(
        enrolment=enrolment,
        category=category,
        kind=fields.pop("kind", PledgeKind.SERVICE),
        unit=fields.pop("unit", "A haircut"),
        unit_value=fields.pop("unit_value", 12_000),
        monthly_capacity=fields.pop("monthly_capacity", 10),
        target_groups=fields.pop("target_groups", [TargetGroup.OLDER_ALONE.value]),
        dongs=[dong],
        valid_from=fields.pop("valid_from", date(2026, 1, 1)),
        valid_until=fields.pop("valid_until", date(2030, 12, 31)),
        how_to_redeem=fields.pop("how_to_redeem", "Walk in, Tuesday to Saturday"),
        status=fields.pop("status", PledgeStatus.PUBLISHED),
        **fields,
    )
    db.session.add(pledge)
    db.session.flush()
    return pledge


def make_facility(
    officer: User | None, dong: Area, programme_officer: User, quota: int = 50, organisation=None
) -> Facility:
    welfare = organisation or make_organisation(
        officer, type=OrganisationType.WELFARE_CENTRE, name_ko=FACILITY_MARKER
    )
    return designate(welfare, quota, [dong], programme_officer)


def make_beneficiary(facility: Facility, officer: User, **fields) -> Beneficiary:
    return add_beneficiary(
        facility,
        name=fields.pop("name", NAME_MARKER),
        phone=fields.pop("phone", PHONE_MARKER),
        birth_year=fields.pop("birth_year", 1944),
        target_groups=fields.pop("target_groups", [TargetGroup.OLDER_ALONE.value]),
        consent=Consent(ConsentMethod.SIGNED_PAPER, date(2026, 1, 5)),
        officer=officer,
    )


def issue(world: World, now: datetime | None = None, pin: str = "", **fields) -> Issued:
    return issue_voucher(
        fields.pop("facility", world.facility),
        fields.pop("beneficiary", world.beneficiary),
        pledge=fields.pop("pledge", world.pledge),
        category=fields.pop("category", None),
        units=fields.pop("units", 1),
        valid_until=fields.pop("valid_until", date(2030, 6, 30)),
        pin=pin,
        officer=world.people["facility_officer"],  # type: ignore[arg-type]
        now=now,
    )


def build_world() -> World:
    gu = make_area(level=AreaLevel.GU, bounds=(126.90, 37.50, 127.05, 37.65))
    dong = make_area(parent=gu)
    category = make_category()
    programme_officer = make_user(Role.PROGRAMME_OFFICER)
    donor_rep = make_user(display_name="Barber Kim")
    donor_staff = make_user()
    other_donor = make_user()
    facility_officer = make_user()
    other_officer = make_user()
    enrolment = make_enrolment(donor_rep)
    add_member(enrolment.organisation, donor_staff)
    make_enrolment(other_donor)
    pledge = make_pledge(enrolment, category, dong)
    facility = make_facility(facility_officer, dong, programme_officer)
    other_facility = make_facility(other_officer, dong, programme_officer)
    beneficiary = make_beneficiary(facility, facility_officer)
    people: dict[str, User | None] = {
        "anonymous": None,
        "resident": make_user(),
        "admin": make_user(Role.ADMIN),
        "staff": make_user(Role.STAFF),
        "programme_officer": programme_officer,
        "donor_rep": donor_rep,
        "donor_staff": donor_staff,
        "other_donor": other_donor,
        "facility_officer": facility_officer,
        "other_officer": other_officer,
    }
    return World(people, dong, category, enrolment, pledge, facility, other_facility, beneficiary)
