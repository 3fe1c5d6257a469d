"""The notifications page: a person's own notifications; opening one marks it read."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from app.extensions import db
from app.i18n import safe_next_url
from app.lookups import current_person, load_or_404
from app.notifications.blueprint import blueprint
from app.notifications.models import Notification
from app.notifications.services import mark_all_read, mark_read, notifications_of
from app.query_args import page_arg


def _own_notification(notification_id: int) -> Notification:
    """Someone else's notification does not exist for this person."""
    return load_or_404(
        Notification, notification_id, lambda person, found: found.user_id == person.id
    )


@blueprint.get("/notifications")
@login_required
def index():
    page = notifications_of(current_person(), page_arg(request.args))
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
    count = mark_all_read(current_person())
    db.session.commit()
    if count:
        flash(_("All your notifications are marked as read."), "success")
    else:
        flash(_("You had no unread notifications."), "info")
    return redirect(url_for(".index"))
