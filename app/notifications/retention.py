"""The notifications' retention rule (app.retention): a notification is a pointer to something
that happened (its subject names a need or a story). After a year it has long been read, or
will never be, and goes.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.notifications.models import Notification
from app.retention import DeleteRows, retention_rule

retention_rule(
    "notifications",
    Notification,
    period="P1Y",
    due=lambda cutoff: Notification.created_at < cutoff,
    erase=DeleteRows(),
    description=_l("Notifications, a year after they were made"),
)
