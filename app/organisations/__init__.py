"""Organisations and their members."""

from app.organisations import views  # noqa: F401  (registers the views)
from app.organisations.blueprint import blueprint

__all__ = ["blueprint"]
