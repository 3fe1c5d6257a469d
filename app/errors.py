"""The one kind of refusal that every feature's rules raise.

A service that finds an action not allowed by the domain's rules (a deadline passed, a state
that does not permit it, a budget exceeded) raises a `DomainError`: nothing it did is to be
kept. Each feature's `errors.py` subclasses it; `app.actions.attempt` rolls back and turns it
into a `Refusal` the view shows at the form field it names, or as a flashed message.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString


class DomainError(Exception):
    """A translated message (a class default, or given), and the form field it belongs to."""

    message: str | LazyString = _l("This cannot be done now.")
    field: str | None = None

    def __init__(
        self, message: str | LazyString | None = None, *, field: str | None = None
    ) -> None:
        if message is not None:
            self.message = message
        if field is not None:
            self.field = field
        super().__init__(str(self.message))


class Conflict(DomainError):
    """Someone else changed the object after the page was shown: nothing of ours was saved."""

    message = _l(
        "Someone else changed this while you were looking at it, so nothing you sent was "
        "saved. Below is how it is now; check it and try again if you still need to."
    )


class AlreadyDone(DomainError):
    """The same thing was just done by another request of the same person (a double click)."""

    message = _l("This was already done, so nothing was saved twice.")
