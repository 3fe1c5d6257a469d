"""A Sharing Neighbour's own page lists their reports (app.neighbours.reports_hook): the three
status words and the day, nothing they wrote, nothing of the person or the place."""

from __future__ import annotations

from app.accounts.models import User
from app.clock import to_seoul
from app.labels import label
from app.neighbours.reports_hook import NeighbourReport, register_reports
from app.reports.services import reports_of


def neighbour_reports(person: User) -> list[NeighbourReport]:
    return [
        NeighbourReport(
            reported_on=to_seoul(report.created_at).date(), status_word=str(label(report.status))
        )
        for report in reports_of(person)
    ]


def register() -> None:
    register_reports(neighbour_reports)
