"""Who may appoint, renew and revoke Sharing Neighbours: the staff of the dong (area rule)."""

from __future__ import annotations

from typing import Any

from app.areas.models import Area
from app.neighbours.models import NeighbourAppointment
from app.permissions import Power, has_power, is_staff_for_area, signed_in


def may_work_with_neighbours(viewer: Any) -> bool:
    """The staff list: any staff member (it shows only their own dongs)."""
    return has_power(viewer, Power.STAFF_WORK)


def may_appoint_in(viewer: Any, dong: Area | None) -> bool:
    return is_staff_for_area(viewer, dong)


def may_manage(viewer: Any, appointment: NeighbourAppointment) -> bool:
    return is_staff_for_area(viewer, appointment.dong)


def may_view(viewer: Any, appointment: NeighbourAppointment) -> bool:
    """The dong's staff and the neighbour themselves (their own card)."""
    if not signed_in(viewer):
        return False
    return appointment.person_id == viewer.id or may_manage(viewer, appointment)
