"""The daily digest: one email a morning with the notifications a person chose to get that way.

Notifications of a "daily digest" kind are made with email_status DIGEST. Each morning the
worker's periodic job (app.notifications.tasks.send_daily_digests) takes every person's held
ones into a digest with one conditional UPDATE (DIGEST → IN_DIGEST): a second worker, or the
same job run again, finds none left, so nobody gets a digest twice. One job per person then
sends them as one email and marks them SENT (or, after its last try, FAILED).
"""

from __future__ import annotations

import smtplib
from collections.abc import Iterable
from datetime import datetime, timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from typing import cast

from flask import current_app
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import selectinload

from app.accounts.models import User
from app.clock import utcnow
from app.extensions import db
from app.i18n import safe_next_url
from app.mail import connect, new_message, site_address
from app.notifications.addressing import language_of, local_path
from app.notifications.mail import email_footer
from app.notifications.models import EmailStatus, Notification


class DigestNotSent(Exception):
    """The mail server did not take the digest; the job tries again later."""


# A row taken into a digest is sent, or marked FAILED, within its job's retries (minutes). One
# still taken this long after it was made was taken by an earlier morning whose job was lost
# (the queue was down when it was enqueued): it is held again, for this morning's digest.
LOST_AFTER = timedelta(hours=26)


def hold_lost_digests(now: datetime | None = None) -> int:
    """Put back the rows of digests whose job was lost (flushed); how many."""
    now = now or utcnow()
    result = db.session.execute(
        update(Notification)
        .where(
            Notification.email_status == EmailStatus.IN_DIGEST,
            Notification.created_at < now - LOST_AFTER,
        )
        .values(email_status=EmailStatus.DIGEST)
        .execution_options(synchronize_session=False)
    )
    return cast(CursorResult, result).rowcount


def take_held(now: datetime | None = None) -> dict[int, list[int]]:
    """Move every held notification into a digest (flushed; the caller commits and then
    enqueues one job per person): {user id: notification ids}."""
    now = now or utcnow()
    held = db.session.execute(
        select(Notification.user_id, Notification.id)
        .where(Notification.email_status == EmailStatus.DIGEST, Notification.created_at <= now)
        .order_by(Notification.user_id, Notification.id)
    )
    by_person: dict[int, list[int]] = {}
    for user_id, notification_id in held:
        by_person.setdefault(user_id, []).append(notification_id)
    taken: dict[int, list[int]] = {}
    for user_id, ids in by_person.items():
        # Only the rows still held: what another worker took in between is theirs to send.
        claimed = db.session.scalars(
            update(Notification)
            .where(Notification.id.in_(ids), Notification.email_status == EmailStatus.DIGEST)
            .values(email_status=EmailStatus.IN_DIGEST)
            .returning(Notification.id)
            .execution_options(synchronize_session=False)
        ).all()
        if claimed:
            taken[user_id] = sorted(claimed)
    return taken


def build_digest(person: User, notifications: list[Notification]) -> EmailMessage:
    """One email listing them, oldest first, in the person's language (each notification's own
    text was written in it when it was made)."""
    language = language_of(person)
    fallback = local_path("notifications.index")
    with force_locale(language):
        subject = ngettext(
            "Your %(num)s notification of the day on %(site)s",
            "Your %(num)s notifications of the day on %(site)s",
            len(notifications),
            site=_site_name(),
        )
    items = [
        f"* {n.subject}\n  {n.body}\n  {site_address(safe_next_url(n.link, fallback))}"
        for n in notifications
    ]
    body = "\n\n".join(items)
    return new_message(
        to=Address(display_name=person.display_name, addr_spec=person.email),
        subject=subject,
        body=f"{body}\n\n-- \n{email_footer(language)}\n",
        language=language,
        kind="digest",
    )


def _site_name() -> str:
    return _("Hope Community Map")


def send_digest(user_id: int, ids: Iterable[int]) -> None:
    """Send one person's digest (the rows among `ids` still IN_DIGEST) and commit the outcome.
    Raises DigestNotSent while tries remain."""
    statement = (
        select(Notification)
        .where(
            Notification.id.in_(sorted(set(ids))),
            Notification.user_id == user_id,
            Notification.email_status == EmailStatus.IN_DIGEST,
        )
        .options(selectinload(Notification.user))
        .order_by(Notification.id)
        .with_for_update(skip_locked=True)  # PostgreSQL: never two workers on the same rows
    )
    notifications = list(db.session.scalars(statement))
    if not notifications:
        db.session.commit()
        return
    person = notifications[0].user
    if not person.is_active_account:
        _record(notifications, EmailStatus.NOT_SENT)
        db.session.commit()
        return
    message = build_digest(person, notifications)
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.commit()  # no lock held while the mail server answers (see mail._deliver)
    try:
        with connect() as smtp:
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException, ValueError) as error:
        attempts = max(n.email_attempts for n in notifications) + 1
        last = attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]
        for notification in notifications:
            notification.email_attempts = attempts
        if last:
            _record(notifications, EmailStatus.FAILED)
        db.session.commit()
        current_app.logger.warning(
            "Digest for user %s not sent, attempt %s: %r", user_id, attempts, error
        )
        raise DigestNotSent(f"{type(error).__name__}") from error
    now = utcnow()
    for notification in notifications:
        notification.email_attempts += 1
        notification.emailed_at = now
    _record(notifications, EmailStatus.SENT)
    db.session.commit()


def _record(notifications: list[Notification], status: EmailStatus) -> None:
    for notification in notifications:
        notification.email_status = status


def make_digest_due(user_id: int, ids: Iterable[int]) -> None:
    """An administrator runs a failed digest again: its FAILED rows go back into it."""
    for notification in db.session.scalars(
        select(Notification).where(
            Notification.id.in_(sorted(set(ids))),
            Notification.user_id == user_id,
            Notification.email_status == EmailStatus.FAILED,
        )
    ):
        notification.email_status = EmailStatus.IN_DIGEST
        notification.email_attempts = 0
    db.session.flush()
