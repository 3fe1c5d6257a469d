"""The pins' periodic jobs: needs past their lifetime become expired (was a daily cron line
of `flask pins expire`, which stays for operators), and their authors are reminded before
(app.pins.reminders)."""

from __future__ import annotations

from huey import crontab

from app.extensions import db
from app.jobs import periodic
from app.pins.reminders import remind_expiring_needs
from app.pins.services import expire_due_needs


# Hourly rather than daily: a need expires within the hour its date passes. A second run finds
# nothing left to expire.
@periodic(crontab(minute="3"))
def expire_needs() -> None:
    expire_due_needs()
    db.session.commit()


# Hourly too: a need is reminded within the hour it comes within three days of its end.
@periodic(crontab(minute="33"))
def remind_of_expiring_needs() -> None:
    remind_expiring_needs()
    db.session.commit()
