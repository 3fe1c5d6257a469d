"""Who may do what with a pin, built on app.permissions; views call these through `require()`.

A pin's state takes part: an overdue need (past its expiry date, not yet expired by the daily
command) counts as expired here, as on every page.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from app.permissions import is_staff_for_area, signed_in
from app.pins.extension_points import is_other_text_reader
from app.pins.models import ACTIVE_STATUSES, Pin, PinKind, PinStatus

# What anyone may see; withdrawn and expired pins only the people who may see the exact point.
PUBLIC_STATUSES = frozenset({*ACTIVE_STATUSES, PinStatus.FULFILLED})
RENEWABLE_STATUSES = frozenset({*ACTIVE_STATUSES, PinStatus.EXPIRED})


def is_author(viewer: Any, pin: Pin) -> bool:
    return signed_in(viewer) and viewer.id == pin.author_id


def may_see_exact_location(viewer: Any, pin: Pin) -> bool:
    """The author, and staff assigned to the pin's area (or its gu).

    The exact point's area decides here, not the public one: the need belongs to the staff
    where it really is, who see that point anyway."""
    if not signed_in(viewer):
        return False
    if viewer.id == pin.author_id:
        return True
    return is_staff_for_area(viewer, pin.dong) or is_staff_for_area(viewer, pin.gu)


def may_see_consent(viewer: Any, pin: Pin) -> bool:
    """Whether and how the person a need was posted for agreed: the author, who recorded it,
    and the area's staff, who may have to check it. It names a relationship and a day that
    could point to the person in need, so no one else, not even the helper of a match."""
    return may_see_exact_location(viewer, pin)


def may_read_need_text(viewer: Any, pin: Pin) -> bool:
    """A need's own title and description, also where the public reads only its category
    (app.pins.privacy): the author, the area's staff, and the giver of an agreed match
    (matching plugs that in through app.pins.extension_points)."""
    if not signed_in(viewer):
        return False
    return may_see_exact_location(viewer, pin) or is_other_text_reader(pin, viewer)


def may_view_pin(viewer: Any, pin: Pin, now: datetime | None = None) -> bool:
    """Open, matched and fulfilled pins are public; withdrawn and expired ones are seen only by
    the people who may see the exact point (the author and the area's staff). An unlisted
    offer (made by "I can help", Pin.listed) is theirs only, whatever its status."""
    public = pin.listed and pin.current_status(now) in PUBLIC_STATUSES
    return public or may_see_exact_location(viewer, pin)


def may_edit_pin(viewer: Any, pin: Pin) -> bool:
    """Only the author changes or withdraws a pin (staff act through matching, not by editing)."""
    return is_author(viewer, pin)


def may_change_now(viewer: Any, pin: Pin, now: datetime | None = None) -> bool:
    """The author, while the pin is active (an overdue need is renewed first)."""
    return may_edit_pin(viewer, pin) and pin.current_status(now) in ACTIVE_STATUSES


def may_renew_pin(viewer: Any, pin: Pin) -> bool:
    """Only needs are renewed, by their author."""
    return pin.kind == PinKind.NEED and is_author(viewer, pin)


def may_renew_now(viewer: Any, pin: Pin, now: datetime | None = None) -> bool:
    return may_renew_pin(viewer, pin) and pin.current_status(now) in RENEWABLE_STATUSES
