"""A contest's phase, from its dates (stored in UTC, typed and read in Seoul time)."""

from __future__ import annotations

from datetime import datetime

from app.clock import utcnow
from app.contests.models import Contest
from app.contests.states import ContestPhase


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
