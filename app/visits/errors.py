"""Why a visit, a round or a sweep change was refused (see app.errors)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.errors import DomainError


class VisitError(DomainError):
    pass


class NotItsDayYet(VisitError):
    message = _l("This visit is planned for a later day: its outcome is recorded on that day.")
    field = "outcome"


class VisitLocked(VisitError):
    message = _l("The visit's day is over, so its record is locked: add an amendment instead.")
    field = "outcome"


class VisitNotLocked(VisitError):
    message = _l("The visit's day is not over yet: change the record itself.")
    field = "field"


class NothingChanged(VisitError):
    message = _l("The new value is the same as the recorded one.")
    field = "new_value"


class ReportOfAnotherDong(VisitError):
    message = _l("Choose a report of this dong.")
    field = "report_id"


class NotAVisitorOfTheDong(VisitError):
    message = _l("Choose visitors who work in this dong.")
    field = "visitors"


class HouseholdAlreadyInSweep(VisitError):
    message = _l("This list was already imported: its households are in the sweep.")
    field = "csv_file"
