"""Translated names for the domain's enum values, for pages and forms."""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext, pgettext

from app.accounts.models import Role
from app.areas.models import AreaLevel
from app.categories.models import CategoryKind
from app.organisations.models import MembershipStatus, OrganisationStatus, OrganisationType

ROLE_LABELS = {
    Role.RESIDENT: _l("Resident"),
    Role.ORG_MEMBER: _l("Organisation member"),
    Role.MODERATOR: _l("Moderator"),
    Role.STAFF: _l("City staff"),
    Role.ADMIN: _l("Administrator"),
}

ORGANISATION_TYPE_LABELS = {
    OrganisationType.WELFARE_CENTRE: _l("Welfare centre"),
    OrganisationType.COMMUNITY_CHEST: _l("Community chest"),
    OrganisationType.CIVIC_GROUP: _l("Civic or volunteer group"),
    OrganisationType.RELIGIOUS_BODY: _l("Religious body"),
    OrganisationType.BUSINESS: _l("Business"),
    OrganisationType.PUBLIC_OFFICE: _l("Public office"),
}

ORGANISATION_STATUS_LABELS = {
    OrganisationStatus.PENDING: _l("Awaiting verification"),
    OrganisationStatus.VERIFIED: _l("Verified"),
    OrganisationStatus.REJECTED: _l("Not verified"),
}

MEMBERSHIP_STATUS_LABELS = {
    MembershipStatus.PENDING: _l("Request pending"),
    MembershipStatus.APPROVED: _l("Member"),
    MembershipStatus.DECLINED: _l("Request declined"),
}

AREA_LEVEL_LABELS = {
    AreaLevel.GU: _l("Gu (district)"),
    AreaLevel.DONG: _l("Dong (neighbourhood)"),
}

# Keyed by the values of PinKind and PinStatus (StrEnums, so a member finds its entry):
# app.pins.models imports the organisations package, which imports this module, so the enums
# may not exist yet while it loads. "Need" and "offer" are nouns; "open" is a state.
PIN_KIND_LABELS = {
    "need": lazy_pgettext("pin kind", "Need"),
    "offer": lazy_pgettext("pin kind", "Offer"),
}

PIN_STATUS_LABELS = {
    "open": lazy_pgettext("pin status", "Open"),
    "matched": lazy_pgettext("pin status", "Matched"),
    "fulfilled": lazy_pgettext("pin status", "Fulfilled"),
    "withdrawn": lazy_pgettext("pin status", "Withdrawn"),
    "expired": lazy_pgettext("pin status", "Expired"),
}


def category_kind_label(kind: CategoryKind) -> str:
    # "Need" and "offer" are nouns here, not verbs.
    return {
        CategoryKind.NEED: pgettext("category kind", "Needs"),
        CategoryKind.OFFER: pgettext("category kind", "Offers"),
        CategoryKind.BOTH: pgettext("category kind", "Needs and offers"),
    }[kind]


def label(mapping: dict[enum.Enum, object] | dict[str, object], value: enum.Enum) -> str:
    return str(mapping[value])


def register_labels(app) -> None:
    app.jinja_env.globals.update(
        role_label=lambda role: label(ROLE_LABELS, role),
        organisation_type_label=lambda t: label(ORGANISATION_TYPE_LABELS, t),
        organisation_status_label=lambda s: label(ORGANISATION_STATUS_LABELS, s),
        membership_status_label=lambda s: label(MEMBERSHIP_STATUS_LABELS, s),
        area_level_label=lambda level: label(AREA_LEVEL_LABELS, level),
        category_kind_label=category_kind_label,
        pin_kind_label=lambda kind: label(PIN_KIND_LABELS, kind),
        pin_status_label=lambda status: label(PIN_STATUS_LABELS, status),
    )
