"""Why a change to a pin was refused (see app.errors)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.errors import DomainError


class PinError(DomainError):
    """A change the pin's state or the rules do not allow."""


class NotAllowedState(PinError):
    """The pin's state does not permit it (withdrawn, fulfilled, expired…)."""


class WrongCategory(PinError):
    message = _l("Choose one of the listed categories.")
    field = "category"


class NotAMember(PinError):
    message = _l("Choose yourself or one of your organisations.")
    field = "organisation"


class PlaceNotServed(PinError):
    """The point lies in no imported dong: no staff member would ever see the pin."""

    message = _l(
        "This place is not in a service area yet. Needs and offers can be posted only inside "
        "the neighbourhoods listed on the areas page."
    )
    field = "longitude"


class NoAreasYet(PinError):
    """Nothing is imported at all: a fresh site, before the operator's `flask areas import`."""

    message = _l(
        "No service areas have been set up on this site yet, so no place can be chosen. "
        "An administrator must import the neighbourhood boundaries first."
    )
    field = "longitude"
