"""When an idea is due an answer, and whether it was answered on time (Seoul days)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import current_app

from app.clock import seoul_day


def due_date_for(received_at: datetime, days: int | None = None) -> date:
    """The last Seoul day on which an answer counts as on time."""
    if days is None:
        days = int(current_app.config["IDEA_RESPONSE_DAYS"])
    return seoul_day(received_at) + timedelta(days=days)


def answered_on_time(answered_at: datetime, due_on: date) -> bool:
    return seoul_day(answered_at) <= due_on
