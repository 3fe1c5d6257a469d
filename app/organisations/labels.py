"""Translated names of organisation types and of organisations' and memberships' states."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.labels import register
from app.organisations.models import MembershipStatus, OrganisationStatus, OrganisationType

ORGANISATION_TYPE_LABELS = register(
    OrganisationType,
    {
        OrganisationType.WELFARE_CENTRE: _l("Welfare centre"),
        OrganisationType.COMMUNITY_CHEST: _l("Community chest"),
        OrganisationType.CIVIC_GROUP: _l("Civic or volunteer group"),
        OrganisationType.RELIGIOUS_BODY: _l("Religious body"),
        OrganisationType.BUSINESS: _l("Business"),
        OrganisationType.PUBLIC_OFFICE: _l("Public office"),
    },
)

ORGANISATION_STATUS_LABELS = register(
    OrganisationStatus,
    {
        OrganisationStatus.PENDING: _l("Awaiting verification"),
        OrganisationStatus.VERIFIED: _l("Verified"),
        OrganisationStatus.REJECTED: _l("Not verified"),
    },
)

MEMBERSHIP_STATUS_LABELS = register(
    MembershipStatus,
    {
        MembershipStatus.PENDING: _l("Request pending"),
        MembershipStatus.APPROVED: _l("Member"),
        MembershipStatus.DECLINED: _l("Request declined"),
    },
)
