"""Notifications on the site and by email."""

from app.notifications import views  # noqa: F401  (registers the views)
from app.notifications.blueprint import blueprint

__all__ = ["blueprint"]
