"""What a reader's report refuses; `message` says why, for the reader."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.errors import DomainError


class ReportError(DomainError):
    """A report that cannot be taken."""


class AlreadyReported(ReportError):
    message = _l("You have already reported this story. Thank you: the moderators will look at it.")


class NotReportable(ReportError):
    message = _l("Only a published story by someone else can be reported.")


class ReasonInvalid(ReportError):
    pass
