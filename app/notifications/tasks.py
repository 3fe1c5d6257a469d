"""The notifications' background jobs: emails, and the sweep that replaces the cron line of
`flask notifications send`."""

from __future__ import annotations

from huey import crontab

from app.jobs import GiveUp, job, periodic
from app.notifications.mail import (
    DeliveryReport,
    deliver_pending,
    mail_configured,
    make_failed_due,
    send_forgotten,
)


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
