"""Notifications in every request: emails after the view has committed, the unread count for
the navigation."""

from __future__ import annotations

from flask import Flask, Response, current_app, g
from flask_login import current_user

from app.extensions import db
from app.notifications.mail import deliver_pending, mail_configured
from app.notifications.services import unread_count


def register_notifications(app: Flask) -> None:
    app.after_request(email_after_request)
    app.context_processor(_navigation)


def email_after_request(response: Response) -> Response:
    """Send the emails for the notifications this request made (notify() queued their ids).

    `after_request` rather than `teardown_request`: it runs once the view has returned (so after
    its commit, or after the 500 handler's rollback) while the request's session is still here,
    and a failure in it can be caught before the response leaves. Whatever happens, the response
    the user gets is the view's: an email problem is logged and waits for
    `flask notifications send`.
    """
    ids = g.pop("notifications_to_email", None)
    if not ids or not mail_configured():
        return response
    try:
        # Only what the view committed may be emailed. Anything it left uncommitted would be
        # rolled back at the end of the request anyway, and must not be committed by our
        # bookkeeping either.
        db.session.rollback()
        deliver_pending(ids)
    except Exception:
        current_app.logger.exception("Emailing notifications %s after the request failed", ids)
        db.session.rollback()
    return response


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
