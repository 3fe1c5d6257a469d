"""The accountability figures computed by the database (grouped queries, middle rows of the
medians) are exactly those of a straightforward Python pass over every idea, on a seeded set
of ideas received and answered at awkward moments (Seoul month and day boundaries, to the
microsecond), on SQLite and PostgreSQL alike."""

from __future__ import annotations

import random
import statistics
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from sqlalchemy import select

from app.clock import seoul_day
from app.extensions import db
from app.ideas.accountability.queries import accountability, last_months, month_of
from app.ideas.deadlines import answered_on_time
from app.ideas.models import Idea, IdeaOutcome, IdeaStatus
from tests.factories import make_user
from tests.ideas.factories import make_category, make_idea

TODAY = date(2026, 3, 20)


def rounded_median(days: list[float]) -> float | None:
    if not days:
        return None
    median = Decimal(str(statistics.median(days)))
    return float(median.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def recomputed(today: date) -> dict:
    """The figures as the page defines them, from every idea, one at a time."""
    figures: dict = {"status": {}, "outcome": {}, "overdue": 0, "all": [0, 0, 0, []]}
    months = {month: [0, 0, 0, []] for month in last_months(today)}
    for idea in db.session.scalars(select(Idea)):
        figures["status"][idea.status] = figures["status"].get(idea.status, 0) + 1
        if idea.outcome is not None:
            figures["outcome"][idea.outcome] = figures["outcome"].get(idea.outcome, 0) + 1
        answered = idea.status == IdeaStatus.ANSWERED
        figures["overdue"] += not answered and today > idea.due_on
        month = months.get(month_of(seoul_day(idea.created_at)))
        for tally in [figures["all"]] + ([month] if month is not None else []):
            tally[0] += 1
            if answered:
                assert idea.answered_at is not None
                tally[1] += 1
                tally[2] += answered_on_time(idea.answered_at, idea.due_on)
                tally[3].append((idea.answered_at - idea.created_at).total_seconds() / 86_400)
    figures["all"][3] = rounded_median(figures["all"][3])
    figures["months"] = [(m, *t[:3], rounded_median(t[3])) for m, t in months.items()]
    return figures


def seed_ideas(rng: random.Random, count: int) -> None:
    author, category = make_user(), make_category()
    seoul_midnight = 15  # UTC hour of a Seoul midnight: ideas on both sides of it
    for _ in range(count):
        day = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(days=rng.randrange(445))
        received_at = day.replace(hour=rng.choice([seoul_midnight - 1, seoul_midnight, 3]))
        received_at += timedelta(minutes=rng.randrange(-2, 3), microseconds=rng.randrange(10**6))
        status = rng.choice(list(IdeaStatus))
        answered_at = None
        if status == IdeaStatus.ANSWERED:
            # Some exactly at the midnight that ends the due day (late), some just before.
            answered_at = received_at + timedelta(
                days=rng.randrange(0, 30), seconds=rng.randrange(86_400), microseconds=7
            )
            if rng.random() < 0.2:
                due_end = datetime.combine(seoul_day(received_at), datetime.min.time(), UTC)
                answered_at = due_end + timedelta(days=14, hours=seoul_midnight)
                answered_at -= timedelta(microseconds=rng.choice([0, 1]))
        make_idea(
            author,
            status,
            category=category,
            received_at=received_at,
            answered_at=answered_at,
            outcome=rng.choice(list(IdeaOutcome)) if answered_at else None,
        )


@pytest.mark.parametrize("seed, count", [(1, 1), (2, 2), (16, 160), (1251, 301)])
def test_the_database_s_figures_are_python_s(seed, count):
    seed_ideas(random.Random(seed), count)
    expected = recomputed(TODAY)
    figures = accountability(TODAY)
    assert {k: v for k, v in figures.by_status.items() if v} == expected["status"]
    assert {k: v for k, v in figures.by_outcome.items() if v} == expected["outcome"]
    assert figures.overdue == expected["overdue"]
    overall = figures.overall
    assert [overall.received, overall.answered, overall.answered_on_time] == expected["all"][:3]
    assert overall.median_days == expected["all"][3]
    months = [
        (m.month, m.received, m.answered, m.answered_on_time, m.median_days) for m in figures.months
    ]
    assert months == expected["months"]
