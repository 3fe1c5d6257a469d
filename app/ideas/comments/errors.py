"""Why an action on a comment is refused: its state no longer allows it (another reader or
moderator was quicker)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.errors import DomainError


class AlreadyReported(DomainError):
    message = _l("You have already reported this comment. A moderator will look at it.")


class AlreadyHidden(DomainError):
    message = _l("This comment is already hidden.")


class NoOpenReports(DomainError):
    message = _l("This comment has no open reports to dismiss.")
