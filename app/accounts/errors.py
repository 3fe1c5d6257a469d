"""Why an account change was refused (see app.errors)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.errors import DomainError


class AccountError(DomainError):
    """A change to an account that the rules do not allow."""


class EmailTaken(AccountError):
    message = _l("An account with this email already exists.")
    field = "email"


class WrongPassword(AccountError):
    message = _l("Your current password is not correct.")
    field = "current_password"


class AwaitingConfirmation(AccountError):
    """The right password for a registration whose emailed link has not been followed yet.
    Only the person who chose that password learns that the registration exists."""

    message = _l(
        "Your account is not ready yet: open the link we emailed to you to finish creating it."
    )
    field = "email"


class RegistrationLinkNotValid(AccountError):
    message = _l(
        "This link does not work (any more): it may have been used already, have expired or "
        "be incomplete. Register again, or log in if your account is ready."
    )
