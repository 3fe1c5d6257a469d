"""Where a Sharing Neighbour's reports meet this feature (app.reports is built separately).

The integrator wires app.reports to this module instead of this package importing reports
(reports sit above neighbours in the layers): reports call `is_active_neighbour` to mark a
report as a Sharing Neighbour's, and register `own_reports` so that the neighbour's own page
lists their reports with the three status words.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.accounts.models import User
from app.extensions import db
from app.neighbours.models import NeighbourAppointment


@dataclass(frozen=True)
class NeighbourReport:
    """One line of the neighbour's list: no words of the report, no person or place."""

    reported_on: date
    status_word: str  # one of reports' three status words, already translated
    link: str | None = None


ReportsOf = Callable[[User], Sequence[NeighbourReport]]
_reports_of: ReportsOf | None = None


def register_reports(reports_of: ReportsOf) -> None:
    """Called once by app.reports at start-up."""
    global _reports_of
    _reports_of = reports_of


def own_reports(person: User) -> Sequence[NeighbourReport]:
    return _reports_of(person) if _reports_of is not None else ()


def is_active_neighbour(person: User, dong_id: int, today: date | None = None) -> bool:
    """Whether a report by this person about this dong is a Sharing Neighbour's."""
    appointments = db.session.scalars(
        select(NeighbourAppointment).where(
            NeighbourAppointment.person_id == person.id, NeighbourAppointment.dong_id == dong_id
        )
    )
    return any(a.is_active(today) for a in appointments)
