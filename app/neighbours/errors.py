"""Refusals of the appointment services, each with the form field it belongs to."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.errors import DomainError


class AppointmentError(DomainError):
    pass


class NoSuchAccount(AppointmentError):
    field = "email"
    message = _l(
        "No account uses this email address. Ask the neighbour to register first, then "
        "appoint them."
    )


class OtherKindUnnamed(AppointmentError):
    field = "kind_other"
    message = _l("Say what kind of neighbour they are.")


class TermOutOfOrder(AppointmentError):
    field = "term_ends_on"
    message = _l("The last day of the term cannot be before its first day.")


class PledgeInTheFuture(AppointmentError):
    field = "pledge_signed_on"
    message = _l("The day the pledge was signed cannot be in the future.")


class AlreadyRevoked(AppointmentError):
    message = _l("This appointment was already revoked.")


class RenewalShortens(AppointmentError):
    field = "term_ends_on"
    message = _l("A renewal ends later than the present term.")
