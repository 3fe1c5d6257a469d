"""Who may do what in Didimdol: programme officers run it city-wide; a donor business's
approved members redeem and pledge for it; a facility's approved members look after its
beneficiaries and issue its vouchers. Nobody else sees a beneficiary, administrators included."""

from __future__ import annotations

from typing import Any

from app.didimdol.models import DonorEnrolment, EnrolmentStatus, Facility
from app.organisations.models import Organisation, OrganisationStatus, OrganisationType
from app.organisations.rules import is_member_of, is_representative_of
from app.permissions import Power, has_power, signed_in

WELFARE_TYPES = frozenset({OrganisationType.WELFARE_CENTRE, OrganisationType.COMMUNITY_CHEST})


def is_programme_officer(viewer: Any) -> bool:
    return has_power(viewer, Power.RUN_DIDIMDOL)


def may_enrol(viewer: Any, organisation: Organisation) -> bool:
    return (
        organisation.type == OrganisationType.BUSINESS
        and organisation.status == OrganisationStatus.VERIFIED
        and is_representative_of(viewer, organisation)
    )


def may_see_enrolment(viewer: Any, enrolment: DonorEnrolment) -> bool:
    """The registration number too: the business's members and the programme officers."""
    return is_programme_officer(viewer) or is_member_of(viewer, enrolment.organisation)


def may_act_for_donor(viewer: Any, enrolment: DonorEnrolment) -> bool:
    """Pledge and redeem: an approved member of an approved donor."""
    return enrolment.status == EnrolmentStatus.APPROVED and is_member_of(
        viewer, enrolment.organisation
    )


def may_work_in_facility(viewer: Any, facility: Facility) -> bool:
    return signed_in(viewer) and is_member_of(viewer, facility.organisation)
