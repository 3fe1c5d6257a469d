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
