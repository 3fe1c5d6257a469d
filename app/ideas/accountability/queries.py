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

Computed by the database in a fixed number of grouped queries (counts, on-time answers, and
only the one or two middle answers of each median), whatever the number of ideas; the page
keeps the result for minutes (app.ideas.accountability.cache).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal

from flask import current_app
from sqlalchemy import ColumnElement, and_, case, func, literal, select, true

from app.clock import from_seoul, seoul_today
from app.extensions import db
from app.ideas.accountability import answer_times
from app.ideas.models import Idea, IdeaOutcome, IdeaStatus

MONTHS_SHOWN = 12
SECONDS_PER_DAY = 86_400


@dataclass
class AnswerFigures:
    """Received ideas and how they were answered (so far)."""

    received: int = 0
    answered: int = 0
    answered_on_time: int = 0
    # The answer times (in days) the median is taken from: the middle one or two of all of
    # them in order, which is all the median needs.
    middle_days: list[float] = field(default_factory=list, repr=False)

    @property
    def on_time_share(self) -> float | None:
        """Among answered ideas; None when none is answered (not 0%: nothing was late)."""
        return self.answered_on_time / self.answered if self.answered else None

    @property
    def median_days(self) -> float | None:
        if not self.middle_days:
            return None
        median = Decimal(str(statistics.median(self.middle_days)))
        return float(median.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


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


def _next_month(first: date) -> date:
    return date(first.year + 1, 1, 1) if first.month == 12 else first.replace(month=first.month + 1)


def _days(received_at: datetime, answered_at: datetime) -> float:
    return (answered_at - received_at).total_seconds() / SECONDS_PER_DAY


def _month_index(starts: list[datetime]) -> ColumnElement[int]:
    """Which shown month (0 = the oldest) an idea was received in, by the UTC instants at which
    the Seoul months start (the last one: the start of next month); NULL outside them."""
    whens = [(Idea.created_at >= start, index) for index, start in enumerate(starts[:-1])]
    return case(*whens[::-1], else_=None)


def _middle_rows(answered, duration, partition, shown) -> dict[int | None, list[float]]:
    """The one or two middle answer times (days) of each partition's answered ideas."""
    ranked = (
        select(
            partition.label("part"),
            Idea.created_at,
            Idea.answered_at,
            func.row_number()
            .over(partition_by=partition, order_by=(duration, Idea.id))
            .label("rank"),
            func.count().over(partition_by=partition).label("total"),
        )
        .where(answered, shown)
        .subquery()
    )
    middle = select(ranked.c.part, ranked.c.created_at, ranked.c.answered_at).where(
        ranked.c.rank.in_([(ranked.c.total + 1) // 2, (ranked.c.total + 2) // 2])
    )
    found: dict[int | None, list[float]] = {}
    for part, received_at, answered_at in db.session.execute(middle):
        found.setdefault(part, []).append(_days(received_at, answered_at))
    return found


def accountability(today: date | None = None) -> Accountability:
    """The page's figures in five grouped queries, the same on SQLite and PostgreSQL."""
    today = today or seoul_today()
    firsts = last_months(today)
    starts = [
        from_seoul(datetime.combine(day, time())) for day in [*firsts, _next_month(firsts[-1])]
    ]
    answered = Idea.status == IdeaStatus.ANSWERED
    on_time = case((and_(answered, answer_times.on_time()), 1), else_=0)
    shown = and_(Idea.created_at >= starts[0], Idea.created_at < starts[-1])

    overall = AnswerFigures()
    by_status = dict.fromkeys(IdeaStatus, 0)
    by_outcome = dict.fromkeys(IdeaOutcome, 0)
    totals = select(Idea.status, Idea.outcome, func.count(), func.sum(on_time)).group_by(
        Idea.status, Idea.outcome
    )
    for status, outcome, count, in_time in db.session.execute(totals):
        by_status[status] += count
        if outcome is not None:
            by_outcome[outcome] += count
        overall.received += count
        overall.answered += count if status == IdeaStatus.ANSWERED else 0
        overall.answered_on_time += in_time or 0

    overdue = db.session.scalar(
        select(func.count()).where(Idea.status != IdeaStatus.ANSWERED, Idea.due_on < today)
    )

    months = [MonthFigures(month=first) for first in firsts]
    index = _month_index(starts)
    per_month = (
        select(index, func.count(), func.sum(case((answered, 1), else_=0)), func.sum(on_time))
        .where(shown)
        .group_by(index)
    )
    for position, count, answered_count, in_time in db.session.execute(per_month):
        month = months[position]
        month.received, month.answered, month.answered_on_time = count, answered_count, in_time

    duration = answer_times.duration()
    everything = literal(0)  # one partition: all answered ideas
    overall.middle_days = _middle_rows(answered, duration, everything, true()).get(0, [])
    for position, middle in _middle_rows(answered, duration, index, shown).items():
        months[position].middle_days = middle  # type: ignore[index]  # never NULL in `shown`
    return Accountability(
        today=today,
        response_days=int(current_app.config["IDEA_RESPONSE_DAYS"]),
        overall=overall,
        by_status=by_status,
        by_outcome=by_outcome,
        overdue=overdue or 0,
        months=months,
    )
