"""The alerts' periodic job: the daily digest at 08:00 in Seoul."""

from __future__ import annotations

from huey import crontab

from app.alerts.digest import send_daily_digests
from app.errors import AlreadyDone
from app.extensions import db
from app.jobs import periodic
from app.transactions import writing


# 23:00 UTC is 08:00 in Seoul (no summer time there): the morning's digest of the day before.
@periodic(crontab(hour="23", minute="0"))
def send_alert_digests() -> None:
    # The run reads, then writes its day's row and the notifications: on SQLite it takes the
    # write lock first (a read snapshot could not become a write once another writer got in).
    # No email is sent here; notify() enqueues them after the commit.
    with writing():
        try:
            send_daily_digests()
        except AlreadyDone:
            db.session.rollback()  # today's run happened (a rerun, or another worker's)
            return
        db.session.commit()
