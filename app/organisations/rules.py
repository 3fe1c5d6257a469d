"""Who may do what with an organisation and its memberships, built on app.permissions."""

from __future__ import annotations

from typing import Any

from app.organisations.memberships import find_membership
from app.organisations.models import Membership, MembershipStatus, Organisation
from app.permissions import Power, has_power, is_admin, signed_in


def is_representative_of(user: Any, organisation: Organisation) -> bool:
    if not signed_in(user):
        return False
    return any(
        m.user_id == user.id and m.is_representative and m.status == MembershipStatus.APPROVED
        for m in organisation.memberships
    )


def is_member_of(user: Any, organisation: Organisation) -> bool:
    if not signed_in(user):
        return False
    return any(
        m.user_id == user.id and m.status == MembershipStatus.APPROVED
        for m in organisation.memberships
    )


def may_edit_organisation(user: Any, organisation: Organisation) -> bool:
    return is_admin(user) or is_representative_of(user, organisation)


def may_decide_memberships(user: Any, organisation: Organisation) -> bool:
    return is_admin(user) or is_representative_of(user, organisation)


def may_view_organisation(user: Any, organisation: Organisation) -> bool:
    """Verified organisations are public; others only to their members and administrators."""
    return (
        organisation.is_verified
        or is_admin(user)
        or is_member_of(user, organisation)
        or (signed_in(user) and organisation.created_by_id == user.id)
    )


def may_see_members(user: Any, organisation: Organisation) -> bool:
    """Who belongs to an organisation is shown to its members and administrators only."""
    return is_admin(user) or is_member_of(user, organisation)


def membership_of(user: Any, organisation: Organisation) -> Membership | None:
    """The user's membership (of any status) in the organisation, or None."""
    if not signed_in(user):
        return None
    return find_membership(organisation, user)


def may_join_organisation(user: Any, organisation: Organisation) -> bool:
    """Verified organisations take requests from anyone not already in or waiting."""
    if not (has_power(user, Power.JOIN_ORGANISATION) and organisation.is_verified):
        return False
    membership = membership_of(user, organisation)
    return membership is None or membership.status == MembershipStatus.DECLINED


def may_leave_organisation(user: Any, organisation: Organisation) -> bool:
    """Members may leave, and people waiting may withdraw their request."""
    membership = membership_of(user, organisation)
    return membership is not None and membership.status != MembershipStatus.DECLINED
