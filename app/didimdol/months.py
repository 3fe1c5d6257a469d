"""A month of the programme is a Seoul calendar month: quotas and capacities start again at
00:00 on the 1st in Seoul (15:00 UTC the day before), whatever the server's time zone."""

from __future__ import annotations

from datetime import UTC, datetime

from app.clock import SEOUL


def month_of(now: datetime) -> tuple[datetime, datetime]:
    """The UTC moments where the Seoul month holding `now` begins and the next one begins."""
    local = now.astimezone(SEOUL)
    start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    following = (
        start.replace(year=start.year + 1, month=1)
        if start.month == 12
        else (start.replace(month=start.month + 1))
    )
    return start.astimezone(UTC), following.astimezone(UTC)
