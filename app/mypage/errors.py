"""Why deleting an account was refused (see app.errors)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.errors import DomainError


class AccountDeletionRefused(DomainError):
    """The account cannot be deleted yet."""


class StaffAccount(AccountDeletionRefused):
    """Staff, moderators and administrators act for the city: their work is a record the city
    keeps under their name, and a site without an administrator cannot be run. An administrator
    first gives the account the resident role."""

    message = _l(
        "Staff, moderator and administrator accounts cannot be deleted here. Ask an "
        "administrator to give your account the resident role first."
    )


class LastRepresentative(AccountDeletionRefused):
    message = _l(
        "You are the only representative of %(organisations)s. Name another representative "
        "first (on the organisation's page), or ask an administrator to close it."
    )

    def __init__(self, organisations: str) -> None:
        super().__init__(str(self.message) % {"organisations": organisations})
