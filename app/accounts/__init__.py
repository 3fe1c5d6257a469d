"""Accounts: registering, logging in and out, a person's profile, password and email address
(a forgotten password is reset, a new address confirmed, through emailed links)."""

from app.accounts import (  # noqa: F401  (registers the views)
    email_change_views,
    password_reset_views,
    registration_views,
    views,
)
from app.accounts.blueprint import blueprint

__all__ = ["blueprint"]
