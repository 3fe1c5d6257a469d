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
