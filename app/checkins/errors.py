"""Why a change to a check-in group was refused (see app.errors)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.errors import DomainError


class CheckinError(DomainError):
    """A change the check-in group's rules do not allow."""


class ConcernRaised(CheckinError):
    """The missed streak already has its report (a twin run raised it first)."""

    message = _l("This missed streak has already been reported.")


class PlaceOutsideDong(CheckinError):
    message = _l("The meeting place must lie inside the group's neighbourhood.")
    field = "longitude"


class NoMeetingDay(CheckinError):
    message = _l("Choose at least one weekday for a weekly group.")
    field = "weekdays"


class NotAMember(CheckinError):
    message = _l("This person is not a member of the group.")


class DayNotExpected(CheckinError):
    message = _l("The group does not check in on this day.")
    field = "day"


class DayInFuture(CheckinError):
    message = _l("A check-in cannot be recorded for a day that has not come yet.")
    field = "day"


class HostUnknown(CheckinError):
    message = _l("No account has this email address. The host needs an account on this site.")
    field = "host_email"


class AlreadyLeft(CheckinError):
    message = _l("This member has already left the group.")
