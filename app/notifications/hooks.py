"""Notifications in every request: the unread count for the navigation. (Emails are not sent
here: notify() enqueues a job once the request commits, see app.notifications.tasks.)"""

from __future__ import annotations

from flask import Flask, g
from flask_login import current_user

from app.notifications.services import unread_count


def register_notifications(app: Flask) -> None:
    app.context_processor(_navigation)


def _unread_for_current_user() -> int | None:
    """The signed-in person's unread notifications (counted once per request), or None."""
    if not current_user or not current_user.is_authenticated:
        return None
    if "unread_notifications" not in g:
        g.unread_notifications = unread_count(current_user)
    return g.unread_notifications


def _navigation() -> dict:
    # A function, not a number: the COUNT runs only when a page asks for it (the navigation in
    # base.html), not for every template rendered.
    return {"unread_notification_count": _unread_for_current_user}
