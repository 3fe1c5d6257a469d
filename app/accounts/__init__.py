"""Accounts: registering, logging in and out, a person's profile and password."""

from app.accounts import registration_views, views  # noqa: F401  (registers the views)
from app.accounts.blueprint import blueprint

__all__ = ["blueprint"]
