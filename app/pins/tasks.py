"""The pins' periodic job: needs past their lifetime become expired (was a daily cron line of
`flask pins expire`, which stays for operators)."""

from __future__ import annotations

from huey import crontab

from app.extensions import db
from app.jobs import periodic
from app.pins.services import expire_due_needs


# Hourly rather than daily: a need expires within the hour its date passes. A second run finds
# nothing left to expire.
@periodic(crontab(minute="3"))
def expire_needs() -> None:
    expire_due_needs()
    db.session.commit()
