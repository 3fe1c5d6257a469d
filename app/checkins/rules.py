"""Who may do what with check-in groups: the dong's staff set them up and see members' records;
the group's host records check-ins and sees the members' labels only."""

from __future__ import annotations

from typing import Any

from app.checkins.models import CheckinGroup, CheckinMember
from app.permissions import Power, has_power, is_staff_for_area, signed_in


def may_work_with_checkins(viewer: Any) -> bool:
    """The staff list and the new-group form: any staff member (they show their dongs only)."""
    return has_power(viewer, Power.STAFF_WORK)


def may_manage(viewer: Any, group: CheckinGroup) -> bool:
    return is_staff_for_area(viewer, group.dong)


def may_record(viewer: Any, group: CheckinGroup) -> bool:
    """The check-in page: the host, or the dong's staff."""
    if not signed_in(viewer):
        return False
    return group.host_id == viewer.id or may_manage(viewer, group)


def may_view_member(viewer: Any, member: CheckinMember) -> bool:
    """A member's name and phone: the dong's staff only (each view is access-logged)."""
    return may_manage(viewer, member.group)
