"""Telling people what happened: `notify()` writes a notification in the recipient's language;
emails go out after the request has committed (see app.notifications.mail).

Services flush, never commit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from flask import current_app, g
from flask_babel import force_locale

from app.accounts.models import User
from app.extensions import db
from app.notifications.models import EmailStatus, Notification, NotificationKind

# A parameter may be a callable, called in the recipient's language: `lambda: contest.title`
# gives the English title to an English reader.
Param = str | int | Callable[[], Any]


def language_of(user: User) -> str:
    return user.preferred_language or current_app.config["BABEL_DEFAULT_LOCALE"]


def notify(
    recipient: User,
    kind: NotificationKind,
    *,
    link: str,
    subject: Any,
    body: Any,
    **params: Param,
) -> Notification:
    """Write one notification. `subject` and `body` are lazy strings (`_l`) with %(name)s
    placeholders filled from `params`, rendered in the recipient's language."""
    with force_locale(language_of(recipient)):
        values = {k: (v() if callable(v) else v) for k, v in params.items()}
        notification = Notification(
            user=recipient,
            kind=kind,
            subject=str(subject) % values if values else str(subject),
            body=str(body) % values if values else str(body),
            link=link,
            email_status=(
                EmailStatus.PENDING
                if current_app.config.get("MAIL_SERVER")
                else EmailStatus.NOT_SENT
            ),
        )
    db.session.add(notification)
    db.session.flush()
    # Sent once the request has committed (app.notifications.mail.send_after_request).
    g.setdefault("notifications_to_email", []).append(notification.id)
    return notification


def notify_all(recipients: Iterable[User | None], kind: NotificationKind, **kwargs) -> None:
    """Notify each distinct person once (a person may represent two organisations)."""
    seen: set[int] = set()
    for recipient in recipients:
        if recipient is None or recipient.id in seen:
            continue
        seen.add(recipient.id)
        notify(recipient, kind, **kwargs)
