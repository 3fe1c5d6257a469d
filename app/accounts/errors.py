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


class NotTheRegisteredPassword(AccountError):
    """Finishing a registration asks for the password chosen with it: whoever follows the link
    must also be whoever registered, or a stranger who registered somebody else's address
    (with a password of their own) would hand them an account the stranger can log in to."""

    message = _l("This is not the password chosen when registering this account.")
    field = "password"


class RegistrationLinkNotValid(AccountError):
    message = _l(
        "This link does not work (any more): it may have been used already, have expired or "
        "be incomplete. Register again, or log in if your account is ready."
    )


class LinkNotValid(AccountError):
    """A password reset's or an email change's link that is not (any more) good: the view
    answers with a page that says so (404), whatever the reason."""

    message = _l(
        "This link does not work (any more): it may have been used already, have expired or "
        "be incomplete."
    )


class AlreadyYourEmail(AccountError):
    message = _l("This is already your email address.")
    field = "new_email"
