"""The two comparisons of times the accountability figures need, written for each database
(the only place in this feature that knows whether it runs on SQLite or PostgreSQL).

- on time: answered before the Seoul midnight that ends the due day (as
  app.ideas.deadlines.answered_on_time decides in Python);
- the time an answer took, as something to sort by (the median's middle rows).

SQLite stores UTC datetimes as 'YYYY-MM-DD HH:MM:SS.ffffff' text, which sorts as time does, and
has no time zones: Seoul is UTC+9 all year (no daylight saving since 1988), so its midnight
after the due day is 15:00 UTC on the due day. PostgreSQL converts with the zone itself.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, DateTime, cast, func, literal

from app.extensions import db
from app.ideas.models import Idea


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def on_time() -> ColumnElement[bool]:
    if _dialect() == "sqlite":
        return Idea.answered_at < func.datetime(Idea.due_on, literal("+15 hours"))
    day_after = cast(Idea.due_on + 1, DateTime)
    return Idea.answered_at < func.timezone(literal("Asia/Seoul"), day_after)


def duration() -> ColumnElement:
    if _dialect() == "sqlite":
        return func.julianday(Idea.answered_at) - func.julianday(Idea.created_at)
    return Idea.answered_at - Idea.created_at
