"""The pins' periodic jobs: needs past their lifetime become expired (was a daily cron line
of `flask pins expire`, which stays for operators), and their authors are reminded before
(app.pins.reminders)."""

from __future__ import annotations

from datetime import datetime

from huey import crontab

from app.clock import utcnow
from app.extensions import db
from app.jobs import periodic
from app.pins.reminders import remind_expiring_batch
from app.pins.services import EXPIRY_BATCH, expire_due_needs
from app.snapshots import rebuild_soon


def expire_in_batches() -> int:
    """Expire every due need, committing after each batch: a crash (or a stopped worker)
    loses one batch at most, and the next run carries on where this one stopped. Returns how
    many expired."""
    total = 0
    while expired := expire_due_needs(limit=EXPIRY_BATCH):
        db.session.commit()
        total += expired
    if total:
        rebuild_soon()  # the open-data files list open needs: these are no longer
    return total


# Hourly rather than daily: a need expires within the hour its date passes. A second run finds
# nothing left to expire.
@periodic(crontab(minute="3"))
def expire_needs() -> None:
    expire_in_batches()


# Hourly too: a need is reminded within the hour it comes within three days of its end.
@periodic(crontab(minute="33"))
def remind_of_expiring_needs() -> None:
    remind_in_batches()


def remind_in_batches(now: datetime | None = None) -> int:
    """Every due reminder, committing after each batch (app.pins.reminders): the memory of
    one batch whatever the backlog, and a stopped worker loses one batch at most."""
    now = now or utcnow()
    total, after_id = 0, 0
    while True:
        reminded, last_id = remind_expiring_batch(now, after_id)
        db.session.commit()
        if last_id is None:
            return total
        total, after_id = total + reminded, last_id
