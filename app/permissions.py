"""Who may do what: the one place that answers it.

Views call `require(...)` or `can(...)`; templates call `can(...)` only to hide buttons, never
as the check itself. Role-wide powers are in ROLE_POWERS; powers over one object (an
organisation, an area) are the functions below it.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

from flask import abort
from flask_login import current_user

from app.accounts.models import Role

if TYPE_CHECKING:
    from app.accounts.models import User
    from app.areas.models import Area
    from app.organisations.models import Membership, Organisation
    from app.pins.models import Pin


class Power(enum.StrEnum):
    MANAGE_USERS = "manage_users"
    MANAGE_CATEGORIES = "manage_categories"
    MANAGE_AREAS = "manage_areas"
    VERIFY_ORGANISATIONS = "verify_organisations"
    MODERATE_CONTENT = "moderate_content"
    STAFF_WORK = "staff_work"
    CREATE_ORGANISATION = "create_organisation"
    JOIN_ORGANISATION = "join_organisation"
    MANAGE_CONTESTS = "manage_contests"
    MANAGE_DEPARTMENTS = "manage_departments"


_EVERYONE_SIGNED_IN = frozenset(Role)

ROLE_POWERS: dict[Power, frozenset[Role]] = {
    Power.MANAGE_USERS: frozenset({Role.ADMIN}),
    Power.MANAGE_CATEGORIES: frozenset({Role.ADMIN}),
    Power.MANAGE_AREAS: frozenset({Role.ADMIN}),
    Power.VERIFY_ORGANISATIONS: frozenset({Role.ADMIN}),
    Power.MODERATE_CONTENT: frozenset({Role.MODERATOR, Role.ADMIN}),
    Power.STAFF_WORK: frozenset({Role.STAFF, Role.ADMIN}),
    Power.CREATE_ORGANISATION: _EVERYONE_SIGNED_IN,
    Power.JOIN_ORGANISATION: _EVERYONE_SIGNED_IN,
    # Contests are city-wide programmes: any staff member may run one, not only an area's.
    Power.MANAGE_CONTESTS: frozenset({Role.STAFF, Role.ADMIN}),
    # The departments that answer ideas are part of the city's set-up, like categories.
    Power.MANAGE_DEPARTMENTS: frozenset({Role.ADMIN}),
}


def signed_in(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def has_power(user: User | Any, power: Power) -> bool:
    return signed_in(user) and user.role in ROLE_POWERS[power]


def is_admin(user: User | Any) -> bool:
    return signed_in(user) and user.role == Role.ADMIN


# --- powers over one object -----------------------------------------------------------------


def is_representative_of(user: User | Any, organisation: Organisation) -> bool:
    if not signed_in(user):
        return False
    from app.organisations.models import MembershipStatus

    return any(
        m.user_id == user.id and m.is_representative and m.status == MembershipStatus.APPROVED
        for m in organisation.memberships
    )


def is_member_of(user: User | Any, organisation: Organisation) -> bool:
    if not signed_in(user):
        return False
    from app.organisations.models import MembershipStatus

    return any(
        m.user_id == user.id and m.status == MembershipStatus.APPROVED
        for m in organisation.memberships
    )


def may_edit_organisation(user: User | Any, organisation: Organisation) -> bool:
    return is_admin(user) or is_representative_of(user, organisation)


def may_decide_memberships(user: User | Any, organisation: Organisation) -> bool:
    return is_admin(user) or is_representative_of(user, organisation)


def may_view_organisation(user: User | Any, organisation: Organisation) -> bool:
    """Verified organisations are public; others only to their members and administrators."""
    return (
        organisation.is_verified
        or is_admin(user)
        or is_member_of(user, organisation)
        or (signed_in(user) and organisation.created_by_id == user.id)
    )


def may_see_members(user: User | Any, organisation: Organisation) -> bool:
    """Who belongs to an organisation is shown to its members and administrators only."""
    return is_admin(user) or is_member_of(user, organisation)


def membership_of(user: User | Any, organisation: Organisation) -> Membership | None:
    """The user's membership (of any status) in the organisation, or None."""
    if not signed_in(user):
        return None
    from app.organisations.memberships import find_membership

    return find_membership(organisation, user)


def may_join_organisation(user: User | Any, organisation: Organisation) -> bool:
    """Verified organisations take requests from anyone not already in or waiting."""
    from app.organisations.models import MembershipStatus

    if not (has_power(user, Power.JOIN_ORGANISATION) and organisation.is_verified):
        return False
    membership = membership_of(user, organisation)
    return membership is None or membership.status == MembershipStatus.DECLINED


def may_leave_organisation(user: User | Any, organisation: Organisation) -> bool:
    """Members may leave, and people waiting may withdraw their request."""
    from app.organisations.models import MembershipStatus

    membership = membership_of(user, organisation)
    return membership is not None and membership.status != MembershipStatus.DECLINED


def is_staff_for_area(user: User | Any, area: Area | None) -> bool:
    """Staff act on an area they are assigned to, or on a dong inside an assigned gu."""
    if area is None or not has_power(user, Power.STAFF_WORK):
        return False
    if user.role == Role.ADMIN:
        return True
    assigned = {a.id for a in user.staff_areas}
    return area.id in assigned or (area.parent_id is not None and area.parent_id in assigned)


def is_author(viewer: User | Any, pin: Pin) -> bool:
    return signed_in(viewer) and viewer.id == pin.author_id


def may_edit_pin(viewer: User | Any, pin: Pin) -> bool:
    """Only the author changes or withdraws a pin (staff act through matching, not by editing)."""
    return is_author(viewer, pin)


def may_renew_pin(viewer: User | Any, pin: Pin) -> bool:
    from app.pins.models import PinKind

    return pin.kind == PinKind.NEED and is_author(viewer, pin)


# --- view helpers ----------------------------------------------------------------------------


def require(condition: bool) -> None:
    """Stop the request: 401 (to the login page) when signed out, 403 when not allowed."""
    if condition:
        return
    if not signed_in(current_user):
        from app.extensions import login_manager

        abort(login_manager.unauthorized())
    abort(403)


def power_required(power: Power) -> Callable:
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            require(has_power(current_user, power))
            return view(*args, **kwargs)

        return wrapped

    return decorator
