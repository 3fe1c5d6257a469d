"""The daily scan for missed check-ins (also `flask checkins scan`)."""

from __future__ import annotations

from huey import crontab

from app.checkins.scan import scan_missed_checkins
from app.jobs import periodic
from app.transactions import writing


# 00:20 UTC is 09:20 in Seoul: yesterday is over everywhere in the city and the dong office
# is open to act on the reports the same morning. Two workers may both run it: the streak's
# unique key lets one report through.
@periodic(crontab(minute="20", hour="0"))
def scan_checkins() -> None:
    with writing():
        scan_missed_checkins()
