"""The notifications page: a person's own notifications; opening one marks it read."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.extensions import db
from app.i18n import safe_next_url
from app.notifications.blueprint import blueprint
from app.notifications.models import Notification
from app.notifications.services import mark_all_read, mark_read, notifications_of


def _me():
    return current_user._get_current_object()


def _own_notification(notification_id: int) -> Notification:
    """Someone else's notification does not exist for this person."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != current_user.id:
        abort(404)
    return notification


@blueprint.get("/notifications")
@login_required
def index():
    page = notifications_of(_me(), request.args.get("page", 1, type=int))
    return render_template("notifications/index.html", page=page)


@blueprint.post("/notifications/<int:notification_id>/read")
@login_required
def read(notification_id: int):
    notification = _own_notification(notification_id)
    mark_read(notification)
    db.session.commit()
    # The link is stored text: only a path on this site is followed (no open redirect).
    return redirect(safe_next_url(notification.link, url_for(".index")))


@blueprint.post("/notifications/read-all")
@login_required
def read_all():
    count = mark_all_read(_me())
    db.session.commit()
    if count:
        flash(_("All your notifications are marked as read."), "success")
    else:
        flash(_("You had no unread notifications."), "info")
    return redirect(url_for(".index"))
