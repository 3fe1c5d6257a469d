"""Who may plan, see and record visits.

Visitors (outreach visitors, or staff who visit) see only the visits they are assigned to; the
staff of a visit's dong (or its gu) see all of the dong's visits and plan its rounds."""

from __future__ import annotations

from typing import Any

from app.accounts.models import Role
from app.areas.models import Area
from app.permissions import Power, has_power, is_staff_for_area, signed_in
from app.visits.models import Visit

VISITOR_ROLES = frozenset({Role.STAFF, Role.OUTREACH_VISITOR})


def may_plan_in(user: Any, dong: Area | None) -> bool:
    return is_staff_for_area(user, dong)


def may_view_visit(user: Any, visit: Visit) -> bool:
    if not signed_in(user):
        return False
    return visit.is_assigned(user) or is_staff_for_area(user, visit.dong)


def may_record(user: Any, visit: Visit) -> bool:
    return may_view_visit(user, visit)


def may_have_visits(user: Any) -> bool:
    return has_power(user, Power.OUTREACH_VISITS)


def may_visit_in(user: Any, dong: Area) -> bool:
    """Whom a round may assign: staff and visitors holding the dong or its gu."""
    if user.role not in VISITOR_ROLES or not user.is_active_account or user.deleted_at:
        return False
    held = {a.id for a in user.staff_areas}
    return dong.id in held or (dong.parent_id is not None and dong.parent_id in held)
