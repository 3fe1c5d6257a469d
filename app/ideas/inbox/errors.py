"""Why a step on an idea in the inbox is refused (nothing of it was saved)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.errors import Conflict, DomainError


class WrongState(DomainError):
    """The idea's status does not allow this step (another staff member was quicker)."""


class IdeaChanged(Conflict):
    message = _l(
        "Someone else changed this idea after your page was loaded, so nothing was saved. "
        "Here it is as it is now: check it, then send again."
    )


class NoDepartment(DomainError):
    message = _l(
        "Give the idea to a department before answering it: the answer is published in the "
        "department's name."
    )


class NoResponse(DomainError):
    message = _l("Write the official response.")


class InactiveDepartment(DomainError):
    message = _l("This department no longer takes ideas. Choose another one.")


class NotAssignable(DomainError):
    message = _l("Ideas can only be given to active staff members.")
