"""The month's access log as a CSV file (every row, not only the page's first ones)."""

from __future__ import annotations

from app.access_review.queries import Month, month_entries
from app.csv_files import to_csv
from app.extensions import db

COLUMNS = [
    "id", "at_utc", "actor_id", "actor_role", "origin_ip", "user_agent", "subject_kind",
    "subject_id", "person_id", "action", "reason", "route",
]  # fmt: skip


def month_csv(month: Month) -> str:
    rows = [
        [
            e.id,
            e.at.isoformat(),
            e.actor_id,
            e.actor_role,
            e.origin_ip,
            e.user_agent,
            e.subject_kind,
            e.subject_id,
            e.person_id,
            e.action.value,
            e.reason,
            e.route,
        ]  # fmt: skip
        for e in db.session.scalars(month_entries(month))
    ]
    return to_csv(COLUMNS, rows)
