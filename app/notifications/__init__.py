"""Notifications on the site and by email."""

from app.notifications import settings_views, views  # noqa: F401  (registers the views)
from app.notifications.blueprint import blueprint

__all__ = ["blueprint"]
