"""Who may do what: the one place that answers it.

Role-wide powers are in ROLE_POWERS, and staff's power over an area below it. Rules about
one kind of object live in that feature's `rules.py` (organisations, pins, contests, …),
built on these. Views call `require(...)`; templates call rules only to hide buttons, never
as the check itself.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

from flask import abort
from flask_login import current_user

from app.accounts.models import Role
from app.extensions import login_manager

if TYPE_CHECKING:
    from app.accounts.models import User
    from app.areas.models import Area


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
    REVIEW_ACCESS_LOG = "review_access_log"
    OUTREACH_VISITS = "outreach_visits"
    RUN_DIDIMDOL = "run_didimdol"


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
    # Only the privacy officer: the reviewer of the log is not among the people it watches.
    Power.REVIEW_ACCESS_LOG: frozenset({Role.PRIVACY_OFFICER}),
    # A list of one's own assigned visits (app.visits): visitors and the staff who also visit.
    Power.OUTREACH_VISITS: frozenset({Role.OUTREACH_VISITOR, Role.STAFF, Role.ADMIN}),
    # Enrolling donors and setting facilities' quotas is the programme's own work, not an
    # area's: neither dong staff nor administrators do it by their role alone.
    Power.RUN_DIDIMDOL: frozenset({Role.PROGRAMME_OFFICER}),
}


def signed_in(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def has_power(user: User | Any, power: Power) -> bool:
    return signed_in(user) and user.role in ROLE_POWERS[power]


def is_admin(user: User | Any) -> bool:
    return signed_in(user) and user.role == Role.ADMIN


# --- powers over one area ---------------------------------------------------------------------


def is_staff_for_area(user: User | Any, area: Area | None) -> bool:
    """Staff act on an area they are assigned to, or on a dong inside an assigned gu.

    Administrators too, and only so: managing accounts is no licence to read welfare data
    (exact points, authors of needs). An administrator who needs it assigns themselves an area,
    which the staff-area log records (app.accounts.models.StaffAreaChange).
    """
    if area is None or not has_power(user, Power.STAFF_WORK):
        return False
    assigned = {a.id for a in user.staff_areas}
    return area.id in assigned or (area.parent_id is not None and area.parent_id in assigned)


# --- view helpers ----------------------------------------------------------------------------


def require(condition: bool) -> None:
    """Stop the request: 401 (to the login page) when signed out, 403 when not allowed."""
    if condition:
        return
    if not signed_in(current_user):
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
