"""Why a citizen's action on an idea is refused (the view shows the message as it is)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.errors import DomainError


class WrongCategory(DomainError):
    message = _l("Choose one of the listed categories.")
    field = "category"


class AlreadySupported(DomainError):
    message = _l("You already support this idea.")


class NotSupported(DomainError):
    message = _l("You were not supporting this idea.")


class AnsweredIdea(DomainError):
    message = _l("This idea has been answered: it takes no more support.")
