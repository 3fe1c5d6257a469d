"""Why a report, or a change to one, was refused (see app.errors)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.errors import DomainError


class ReportError(DomainError):
    """A change the report's state does not allow."""


class PlaceNotServed(ReportError):
    """The point lies in no imported dong: no dong would ever receive the report."""

    message = _l(
        "This place is not in a served neighbourhood, so no community centre here would "
        "receive the report. In an emergency call 119 or 112; otherwise call 129."
    )
    field = "longitude"


class NoAreasYet(ReportError):
    message = _l(
        "No service areas have been set up on this site yet, so no report can be sent. "
        "Call 129 for welfare help."
    )
    field = "longitude"


class AlreadySent(ReportError):
    """The same report form, sent signed out a second time (a double tap, a resend)."""

    message = _l(
        "This form was already sent. The tracking code was shown then; your reports are listed "
        "on your page."
    )


class NotANextStatus(ReportError):
    message = _l("The report cannot move to that status from where it is now.")
    field = "status"


class ReportClosed(ReportError):
    message = _l("This report is closed: nothing more can be done with it.")


class NotAnEmergency(ReportError):
    message = _l("Only a report triaged as an emergency is acknowledged.")


class AlreadyAcknowledged(ReportError):
    message = _l("Someone has already acknowledged this emergency.")


class NotStaffOfTheArea(ReportError):
    message = _l("Choose a staff member of the report's dong or gu.")
    field = "assignee"


class NotAMergeTarget(ReportError):
    message = _l("Give the number of another open or closed report of the same dong.")
    field = "merged_into"


class MergeTargetNeeded(ReportError):
    message = _l("A duplicate is merged into another report: give its number.")
    field = "merged_into"


class NotYourReports(ReportError):
    """A ticked report the staff member may not open (another area's, or none at all)."""

    message = _l("Some of the ticked reports are not in your areas: nothing was assigned.")
    field = "reports"
