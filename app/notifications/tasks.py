"""The notifications' background jobs: emails, and the sweep that replaces the cron line of
`flask notifications send`."""

from __future__ import annotations

from datetime import UTC, datetime

from huey import crontab

from app.clock import SEOUL
from app.extensions import db
from app.jobs import GiveUp, enqueue_after_commit, job, periodic
from app.notifications.digest import (
    DigestNotSent,
    hold_lost_digests,
    make_digest_due,
    send_digest,
    take_held,
)
from app.notifications.mail import (
    DeliveryReport,
    deliver_pending,
    mail_configured,
    make_failed_due,
    send_forgotten,
)
from app.notifications.models import EmailStatus, Notification


class EmailsNotSent(Exception):
    """Some emails of a delivery wait for another try (Huey retries the job)."""

    def __init__(self, report: DeliveryReport) -> None:
        super().__init__(f"{report} {report.problem}".strip())


@job(
    # The job's tries and the rows' attempts run out together: the last failed try marks the
    # emails FAILED and the job failed.
    retries=lambda config: max(config["MAIL_MAX_ATTEMPTS"] - 1, 0),
    retry_delay=lambda config: config["MAIL_RETRY_DELAY_SECONDS"],
    retry_backoff=2,
    before_retry=make_failed_due,
)
def deliver_emails(ids: list[int]) -> None:
    """Email these notifications (those still PENDING); enqueued by notify() after the
    commit."""
    report = deliver_pending(ids)
    if report.retrying:
        raise EmailsNotSent(report)
    if report.failed:
        raise GiveUp(str(EmailsNotSent(report)))  # their last try: nothing left to retry


# Every quarter of an hour (at 7, 22, 37, 52 minutes, away from the hour's rush).
@periodic(crontab(minute="7,22,37,52"))
def send_forgotten_emails() -> None:
    """PENDING emails whose job was lost (the queue was down when they were made)."""
    if mail_configured():
        send_forgotten(limit=500)


# --- the daily digest (app.notifications.digest) --------------------------------------------------

DIGEST_HOUR_IN_SEOUL = 8
# Huey's crontab runs in UTC; Seoul keeps no summer time, so its offset is a constant.
DIGEST_HOUR_UTC = datetime(2026, 1, 1, DIGEST_HOUR_IN_SEOUL, tzinfo=SEOUL).astimezone(UTC).hour


@job(
    retries=lambda config: max(config["MAIL_MAX_ATTEMPTS"] - 1, 0),
    retry_delay=lambda config: config["MAIL_RETRY_DELAY_SECONDS"],
    retry_backoff=2,
    before_retry=make_digest_due,
)
def deliver_digest(user_id: int, ids: list[int]) -> None:
    """One person's digest email (enqueued by send_daily_digests once it has taken them)."""
    try:
        send_digest(user_id, ids)
    except DigestNotSent as error:
        still_waiting = db.session.scalar(
            db.select(Notification.id).where(
                Notification.id.in_(ids), Notification.email_status == EmailStatus.IN_DIGEST
            )
        )
        if still_waiting is None:
            raise GiveUp(str(error)) from error  # its last try marked them FAILED
        raise


@periodic(crontab(hour=str(DIGEST_HOUR_UTC), minute="0"))
def send_daily_digests() -> None:
    """Each person's held notifications become one email. Run twice, the second run finds
    nothing held (they were taken), so nobody gets two digests."""
    if not mail_configured():
        return
    hold_lost_digests()
    for user_id, ids in take_held().items():
        enqueue_after_commit(deliver_digest, user_id, ids)
    db.session.commit()
