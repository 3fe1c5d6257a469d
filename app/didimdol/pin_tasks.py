"""On the 1st of each Seoul month a pledge's capacity starts again: its pin says so."""

from __future__ import annotations

from huey import crontab

from app.didimdol.pledge_pins import refresh_all_pledge_pins
from app.extensions import db
from app.jobs import periodic
from app.transactions import writing


# 15:01 UTC is 00:01 in Seoul; every day, so that a pledge's validity starting or ending also
# shows (a pin for a pledge not valid yet, or no longer, is withdrawn).
@periodic(crontab(hour="15", minute="1"))
def refresh_pledge_pins() -> None:
    with writing():
        refresh_all_pledge_pins()
        db.session.commit()
