"""The city's clock: moments are stored in UTC; people type and read them in Seoul time.

A deadline of "30 November 18:00" means 18:00 in Seoul whatever the server's own time zone
is, and "today" (for due dates, expiry and campaigns) is the Seoul day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

SEOUL = ZoneInfo("Asia/Seoul")


def utcnow() -> datetime:
    return datetime.now(UTC)


def seoul_day(moment: datetime) -> date:
    """The Seoul calendar day of an aware moment."""
    return moment.astimezone(SEOUL).date()


def seoul_today(now: datetime | None = None) -> date:
    return seoul_day(now or utcnow())


def from_seoul(local: datetime) -> datetime:
    """A wall-clock time in Seoul (as typed into a form) as an aware UTC datetime."""
    if local.tzinfo is not None:
        return local.astimezone(UTC)
    return local.replace(tzinfo=SEOUL).astimezone(UTC)


def to_seoul(moment: datetime) -> datetime:
    """An aware datetime as Seoul wall-clock time, for filling a form's field."""
    return moment.astimezone(SEOUL).replace(tzinfo=None)
