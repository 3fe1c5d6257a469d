"""A contest's phase, from its dates; and the city's clock (Asia/Seoul) for the forms.

Dates are stored in UTC. Staff type them, and everyone reads them, in Seoul time: a deadline
of "30 November 18:00" means 18:00 in Seoul whatever the server's own time zone is.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from app.contests.models import Contest, ContestPhase
from app.dbtypes import utcnow

SEOUL = ZoneInfo("Asia/Seoul")


def phase_of(contest: Contest, now: datetime | None = None) -> ContestPhase:
    now = now or utcnow()
    if now < contest.opens_at:
        return ContestPhase.DRAFT
    if now < contest.closes_at:
        return ContestPhase.OPEN
    if now < contest.results_at:
        return ContestPhase.REVIEW
    return ContestPhase.RESULTS


def is_open(contest: Contest, now: datetime | None = None) -> bool:
    return phase_of(contest, now) == ContestPhase.OPEN


def results_are_public(contest: Contest, now: datetime | None = None) -> bool:
    return phase_of(contest, now) == ContestPhase.RESULTS


def from_seoul(local: datetime) -> datetime:
    """A wall-clock time in Seoul (as typed into a form) as an aware UTC datetime."""
    if local.tzinfo is not None:
        return local.astimezone(UTC)
    return local.replace(tzinfo=SEOUL).astimezone(UTC)


def to_seoul(moment: datetime) -> datetime:
    """An aware datetime as Seoul wall-clock time, for filling a form's field."""
    return moment.astimezone(SEOUL).replace(tzinfo=None)
