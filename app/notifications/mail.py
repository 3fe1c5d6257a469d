"""Email for notifications, through the SMTP server in the configuration (MAIL_*; connecting
and the message's headers are app.mail's).

The Notification row is the outbox: PENDING until an email is sent (SENT, with emailed_at),
FAILED after MAIL_MAX_ATTEMPTS tries; NOT_SENT when no server was configured. Nothing here runs
in a request: notify() enqueues a job once the change commits (a rolled-back action sends
nothing), the worker runs `deliver_pending(ids)` and retries it with growing delays
(app.notifications.tasks), and `flask notifications send` (or the worker's periodic sweep)
sends what is still PENDING.

Nothing here raises an SMTP or network error to its caller: the outcome is recorded on each
row, and the report says how many wait for another try.
"""

from __future__ import annotations

import smtplib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from email.headerregistry import Address
from email.message import EmailMessage

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import selectinload

from app.clock import utcnow
from app.extensions import db
from app.i18n import safe_next_url
from app.mail import connect, mail_configured, new_message, site_address
from app.notifications.addressing import language_of, local_path
from app.notifications.models import EmailStatus, Notification

# `flask notifications send` leaves alone an email nobody has tried yet for this long: the job
# enqueued when it was made is most likely sending it right now. PostgreSQL's row locks already
# prevent a double send; SQLite has no row locks, so this margin is what keeps it to one email.
FRESH_EMAIL_GRACE = timedelta(minutes=2)

# The worker's sweep takes only emails older than this: by then the job that was enqueued for
# one has used all its tries (60 s + 2 + 4 + 8 min by default), so a PENDING email this old
# lost its job (the queue was down, or emptied) and nobody else is sending it.
FORGOTTEN_EMAIL_AGE = timedelta(hours=1)

# Errors about one message (an address refused, a header that cannot be encoded): the connection
# is still good for the next message.
MESSAGE_ERRORS = (
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPSenderRefused,
    smtplib.SMTPDataError,
    smtplib.SMTPNotSupportedError,
    ValueError,
)


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0  # failed this time; still PENDING, the next `send` tries again
    failed: int = 0  # failed for the last allowed time: now FAILED
    not_sent: int = 0  # the account is deactivated: it gets no email
    # Why the last email not sent was not sent (for the administrators' list of failed jobs).
    problem: str = field(default="", compare=False)

    def __str__(self) -> str:
        return (
            f"{self.sent} sent, {self.retrying} failed and will be retried, "
            f"{self.failed} failed for good, {self.not_sent} skipped (deactivated accounts)."
        )


# --- what is sent ----------------------------------------------------------------------------


def build_message(notification: Notification) -> EmailMessage:
    """The email for one notification, in its recipient's language (its subject and body were
    written in that language when it was made; the footer is written now, in the same one)."""
    user = notification.user
    page = local_path("notifications.index")
    # Only a path of ours becomes a link: never send people to another site from our emails.
    link = site_address(safe_next_url(notification.link, page))
    language = language_of(user)
    footer = email_footer(language)
    return new_message(
        to=Address(display_name=user.display_name, addr_spec=user.email),
        subject=notification.subject,
        body=f"{notification.body}\n\n{link}\n\n-- \n{footer}\n",
        language=language,
        kind="notification",
    )


def email_footer(language: str) -> str:
    """The end of every notification email (and of the daily digest), in `language`."""
    page = local_path("notifications.index")
    with force_locale(language):
        return "\n".join(
            (
                _(
                    "You receive this email because you have an account on %(site)s.",
                    site=_("Hope Community Map"),
                ),
                _("All your notifications: %(address)s", address=site_address(page)),
                _("How they reach you: %(address)s", address=site_address(settings_path())),
                _("This message was sent automatically; replies are not read."),
            )
        )


def settings_path() -> str:
    return local_path("notifications.settings")


# --- sending ---------------------------------------------------------------------------------


def _record_sent(notification: Notification, report: DeliveryReport) -> None:
    notification.email_attempts += 1
    notification.email_status = EmailStatus.SENT
    notification.emailed_at = utcnow()
    report.sent += 1


def _record_failure(notification: Notification, error: Exception, report: DeliveryReport) -> None:
    notification.email_attempts += 1
    limit = current_app.config["MAIL_MAX_ATTEMPTS"]
    if notification.email_attempts >= limit:
        notification.email_status = EmailStatus.FAILED
        report.failed += 1
    else:
        report.retrying += 1
    report.problem = _problem(error)
    # The user's id, not their address: logs are read by more people than the database.
    current_app.logger.warning(
        "Email for notification %s (user %s) not sent, attempt %s of %s: %r",
        notification.id,
        notification.user_id,
        notification.email_attempts,
        limit,
        error,
    )


def _problem(error: Exception) -> str:
    if isinstance(error, MESSAGE_ERRORS):
        # Its text may hold the recipient's address: the kind of refusal says enough.
        return type(error).__name__
    return f"{type(error).__name__}: {error}"


def _send(notifications: list[Notification], report: DeliveryReport) -> None:
    """Send over one connection; record each outcome on its row (flushed by the caller)."""
    waiting = []
    for notification in notifications:
        if notification.user.is_active_account:
            waiting.append(notification)
        else:
            notification.email_status = EmailStatus.NOT_SENT
            report.not_sent += 1
    if not waiting:
        return
    try:
        with connect() as smtp:
            while waiting:
                notification = waiting[0]
                try:
                    smtp.send_message(build_message(notification))
                except MESSAGE_ERRORS as error:
                    _record_failure(notification, error, report)
                else:
                    _record_sent(notification, report)
                waiting.pop(0)
    except (OSError, smtplib.SMTPException) as error:
        # No connection, or it was lost: every email not sent yet waits for the next try.
        for notification in waiting:
            _record_failure(notification, error, report)


def _deliver(condition: ColumnElement[bool], limit: int | None = None) -> DeliveryReport:
    report = DeliveryReport()
    statement = (
        select(Notification)
        .where(Notification.email_status == EmailStatus.PENDING, condition)
        .options(selectinload(Notification.user))
        .order_by(Notification.id)
        .limit(limit)
        # PostgreSQL: rows another process is sending are skipped, not sent twice.
        .with_for_update(skip_locked=True)
    )
    notifications = list(db.session.scalars(statement))
    if notifications and db.session.get_bind().dialect.name == "sqlite":
        # SQLite: the read ends before the mail server is asked. Recording the outcome is then
        # the next transaction's first statement, which waits its turn for the write lock (a
        # write after a read could be refused for a stale snapshot, once the email is gone),
        # and no lock is held while the server answers. (PostgreSQL keeps its row locks.)
        db.session.commit()
    if notifications:
        _send(notifications, report)
    # Ends the transaction (and releases the locks) even when there was nothing to send.
    db.session.commit()
    return report


def deliver_pending(ids: Iterable[int]) -> DeliveryReport:
    """Email the notifications among `ids` that are still PENDING, and commit the outcome
    (the job app.notifications.tasks.deliver_emails). Rows that were rolled back are simply not
    found; rows already sent are not sent again."""
    ids = sorted(set(ids))
    if not ids or not mail_configured():
        return DeliveryReport()
    return _deliver(Notification.id.in_(ids))


def retry_pending(limit: int | None = None) -> DeliveryReport:
    """`flask notifications send`: the oldest PENDING emails, up to `limit` of them."""
    fresh_since = utcnow() - FRESH_EMAIL_GRACE
    already_tried_or_old = or_(
        Notification.email_attempts > 0, Notification.created_at < fresh_since
    )
    return _deliver(already_tried_or_old, limit)


def send_forgotten(limit: int | None = None) -> DeliveryReport:
    """The worker's sweep: PENDING emails whose job is long over (see FORGOTTEN_EMAIL_AGE)."""
    return _deliver(Notification.created_at < utcnow() - FORGOTTEN_EMAIL_AGE, limit)


def make_failed_due(ids: Iterable[int]) -> None:
    """An administrator runs a failed delivery again: its FAILED emails get a fresh set of
    tries (flushed; the administrator's request commits)."""
    failed = db.session.scalars(
        select(Notification).where(
            Notification.id.in_(sorted(set(ids))),
            Notification.email_status == EmailStatus.FAILED,
        )
    )
    for notification in failed:
        notification.email_status = EmailStatus.PENDING
        notification.email_attempts = 0
    db.session.flush()
