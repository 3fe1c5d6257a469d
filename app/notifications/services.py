"""Telling people what happened: `notify()` writes a notification in the recipient's language;
its email is a background job enqueued once the change commits (app.notifications.tasks).

Services flush, never commit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, cast

from flask import current_app
from flask_babel import force_locale
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import CursorResult, func, select, update

from app.accounts.models import User
from app.clock import utcnow
from app.extensions import db
from app.jobs import gather_after_commit
from app.notifications.addressing import language_of, local_path
from app.notifications.models import Delivery, EmailStatus, Notification, NotificationKind
from app.notifications.preferences import delivery_for
from app.notifications.tasks import deliver_emails

__all__ = ["language_of", "local_path", "notify", "notify_all"]  # and the page's functions

# A parameter may be a callable, called in the recipient's language: `lambda: contest.title`
# gives the English title to an English reader.
Param = str | int | Callable[[], Any]


SUBJECT_LENGTH = Notification.subject.type.length  # a long contest title must not fail the action


def _fit(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def notify(
    recipient: User,
    kind: NotificationKind,
    *,
    link: str,
    subject: Any,
    body: Any,
    **params: Param,
) -> Notification | None:
    """Write one notification. `subject` and `body` are lazy strings (`_l`) with %(name)s
    placeholders filled from `params`, rendered in the recipient's language. A person who
    deleted their account is told nothing (None): nobody reads it, and its address is void."""
    if recipient.is_deleted:
        return None
    with force_locale(language_of(recipient)):
        values = {k: (v() if callable(v) else v) for k, v in params.items()}
        notification = Notification(
            user=recipient,
            kind=kind,
            subject=_fit(str(subject) % values if values else str(subject), SUBJECT_LENGTH),
            body=str(body) % values if values else str(body),
            link=link,
            email_status=_email_status(recipient, kind),
        )
    db.session.add(notification)
    db.session.flush()
    if notification.email_status == EmailStatus.PENDING:
        # One job for all the emails of this transaction, enqueued once it commits.
        gather_after_commit(deliver_emails, notification.id)
    return notification


_STATUS_OF_DELIVERY = {
    Delivery.EMAIL_AT_ONCE: EmailStatus.PENDING,
    Delivery.DAILY_DIGEST: EmailStatus.DIGEST,
    Delivery.SITE_ONLY: EmailStatus.SITE_ONLY,
}


def _email_status(recipient: User, kind: NotificationKind) -> EmailStatus:
    """What becomes of the email: the recipient's choice for this kind (their settings)."""
    if not current_app.config.get("MAIL_SERVER"):
        return EmailStatus.NOT_SENT
    return _STATUS_OF_DELIVERY[delivery_for(recipient, kind)]


def notify_all(recipients: Iterable[User | None], kind: NotificationKind, **kwargs) -> None:
    """Notify each distinct person once (a person may represent two organisations)."""
    seen: set[int] = set()
    for recipient in recipients:
        if recipient is None or recipient.id in seen:
            continue
        seen.add(recipient.id)
        notify(recipient, kind, **kwargs)


# --- the notifications page ----------------------------------------------------------------------

PER_PAGE = 20


def notifications_of(user: User, page: int = 1) -> Pagination:
    """A person's own notifications, newest first, a page at a time."""
    statement = (
        select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )
    return db.paginate(statement, page=page, per_page=PER_PAGE)


def latest_notifications(user: User, count: int) -> list[Notification]:
    """A person's newest notifications, for their page (/my); the rest are on /notifications."""
    statement = (
        select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(count)
    )
    return list(db.session.scalars(statement))


def unread_count(user: User) -> int:
    """One COUNT on the (user_id, read_at) index: cheap enough for every page's navigation."""
    return (
        db.session.scalar(
            select(func.count(Notification.id)).where(
                Notification.user_id == user.id, Notification.read_at.is_(None)
            )
        )
        or 0
    )


def mark_read(notification: Notification) -> None:
    """Reading twice keeps the first time it was read."""
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.flush()


def mark_all_read(user: User) -> int:
    """Mark every unread notification of this person as read; how many were unread."""
    # An UPDATE's result is a CursorResult, which has the rowcount.
    result = cast(
        CursorResult[Any],
        db.session.execute(
            update(Notification)
            .where(Notification.user_id == user.id, Notification.read_at.is_(None))
            .values(read_at=utcnow())
            .execution_options(synchronize_session="fetch")
        ),
    )
    return result.rowcount
