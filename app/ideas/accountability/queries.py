"""How the city answers citizens' ideas: the figures of the public accountability page.

Only public facts are read (status, outcome, when an idea was received, due and answered), never
who holds an idea or what staff wrote about it.

Definitions (explained on the page too):
- days to an answer: answered_at − created_at, in days; the page shows the median of answered
  ideas, to one decimal;
- on time: answered on or before the idea's due day (Seoul days, see app.ideas.deadlines);
  the share is taken among answered ideas;
- overdue: not answered, and today (in Seoul) is after the due day;
- months are Seoul months of receipt: an idea received on 31 January at 16:00 UTC (1 February in
  Seoul) counts in February, and it counts as answered in the month it was received.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from flask import current_app
from sqlalchemy import select

from app.clock import seoul_day, seoul_today
from app.extensions import db
from app.ideas.deadlines import answered_on_time
from app.ideas.models import Idea, IdeaOutcome, IdeaStatus

MONTHS_SHOWN = 12
SECONDS_PER_DAY = 86_400


@dataclass
class AnswerFigures:
    """Received ideas and how they were answered (so far)."""

    received: int = 0
    answered: int = 0
    answered_on_time: int = 0
    days_to_answer: list[float] = field(default_factory=list, repr=False)

    @property
    def on_time_share(self) -> float | None:
        """Among answered ideas; None when none is answered (not 0%: nothing was late)."""
        return self.answered_on_time / self.answered if self.answered else None

    @property
    def median_days(self) -> float | None:
        if not self.days_to_answer:
            return None
        median = Decimal(str(statistics.median(self.days_to_answer)))
        return float(median.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))

    def count(self, received_at: datetime, answered_at: datetime | None, due_on: date) -> None:
        self.received += 1
        if answered_at is None:
            return
        self.answered += 1
        self.answered_on_time += answered_on_time(answered_at, due_on)
        self.days_to_answer.append((answered_at - received_at).total_seconds() / SECONDS_PER_DAY)


@dataclass
class MonthFigures(AnswerFigures):
    month: date = date.min  # the first day of the Seoul month of receipt


@dataclass
class Accountability:
    today: date
    response_days: int  # the target: an answer within this many days
    overall: AnswerFigures
    by_status: dict[IdeaStatus, int]
    by_outcome: dict[IdeaOutcome, int]
    overdue: int
    months: list[MonthFigures]  # oldest first, MONTHS_SHOWN of them, empty months included


def month_of(day: date) -> date:
    return day.replace(day=1)


def last_months(today: date, count: int = MONTHS_SHOWN) -> list[date]:
    """The first days of the `count` months up to today's, oldest first."""
    year, month = today.year, today.month
    months = []
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months[::-1]


def accountability(today: date | None = None) -> Accountability:
    """All the page's figures from one SELECT of five columns, aggregated here.

    Portable (the same Python on SQLite and PostgreSQL: no percentile or time-zone functions
    that differ between them) and fast enough for tens of thousands of ideas; a city receiving
    far more would move the medians into the database or keep monthly summaries.
    """
    today = today or seoul_today()
    rows = db.session.execute(
        select(Idea.status, Idea.outcome, Idea.created_at, Idea.answered_at, Idea.due_on)
    ).all()
    overall = AnswerFigures()
    months = {month: MonthFigures(month=month) for month in last_months(today)}
    by_status: Counter[IdeaStatus] = Counter()
    by_outcome: Counter[IdeaOutcome] = Counter()
    overdue = 0
    for status, outcome, received_at, answered_at, due_on in rows:
        by_status[status] += 1
        if outcome is not None:
            by_outcome[outcome] += 1
        if status != IdeaStatus.ANSWERED:
            answered_at = None  # the CHECK constraint keeps these apart; be explicit anyway
            overdue += today > due_on
        overall.count(received_at, answered_at, due_on)
        month = months.get(month_of(seoul_day(received_at)))
        if month is not None:
            month.count(received_at, answered_at, due_on)
    return Accountability(
        today=today,
        response_days=int(current_app.config["IDEA_RESPONSE_DAYS"]),
        overall=overall,
        by_status={status: by_status[status] for status in IdeaStatus},
        by_outcome={outcome: by_outcome[outcome] for outcome in IdeaOutcome},
        overdue=overdue,
        months=list(months.values()),
    )
