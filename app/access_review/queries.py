"""A Seoul month of the access log, and what in it the privacy officer should look at.

Three flags, each explained on the page: a view of a need outside the viewer's assigned areas
(judged by the areas held now: the staff-area log has the history), a burst (more than
ACCESS_LOG_BURST_SUBJECTS distinct records by one person in one Seoul day), and an export or
download outside office hours (before 08:00 or from 20:00 Seoul time, or on a weekend).
"""

from __future__ import annotations

import enum
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from sqlalchemy import Select, select

from app.access_log import AccessAction, AccessLogEntry
from app.accounts.models import User
from app.clock import SEOUL, from_seoul, to_seoul
from app.extensions import db
from app.pins.models import Pin
from app.reports.models import Report

OFFICE_HOURS = (8, 20)  # from 08:00 to 20:00, Monday to Friday, Seoul time
FILES_LEAVING = frozenset({AccessAction.EXPORT, AccessAction.DOWNLOAD})


class FlagKind(enum.StrEnum):
    OUTSIDE_ASSIGNMENT = "outside_assignment"
    BURST = "burst"
    AFTER_HOURS = "after_hours"


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str | None) -> Month | None:
        try:
            year, month = (int(part) for part in (text or "").split("-"))
        except ValueError:
            return None
        return cls(year, month) if 2000 <= year <= 2100 and 1 <= month <= 12 else None

    @classmethod
    def of(cls, moment: datetime) -> Month:
        local = moment.astimezone(SEOUL)
        return cls(local.year, local.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def following(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self) -> Month:
        return Month(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    def bounds(self) -> tuple[datetime, datetime]:
        nxt = self.following()
        return (
            from_seoul(datetime(self.year, self.month, 1)),
            from_seoul(datetime(nxt.year, nxt.month, 1)),
        )


@dataclass(frozen=True)
class Filters:
    actor_id: int | None = None
    subject_kind: str | None = None
    action: AccessAction | None = None


@dataclass(frozen=True)
class Flag:
    kind: FlagKind
    actor: User | None
    day: date
    entries: tuple[AccessLogEntry, ...]
    subjects: int = 0  # distinct records, for a burst


def month_entries(month: Month, filters: Filters = Filters()) -> Select:
    start, end = month.bounds()
    query = select(AccessLogEntry).where(AccessLogEntry.at >= start, AccessLogEntry.at < end)
    if filters.actor_id is not None:
        query = query.where(AccessLogEntry.actor_id == filters.actor_id)
    if filters.subject_kind:
        query = query.where(AccessLogEntry.subject_kind == filters.subject_kind)
    if filters.action is not None:
        query = query.where(AccessLogEntry.action == filters.action)
    return query.order_by(AccessLogEntry.at, AccessLogEntry.id)


def actors_of(entries: list[AccessLogEntry]) -> dict[int, User]:
    ids = {e.actor_id for e in entries if e.actor_id is not None}
    if not ids:
        return {}
    return {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))}


def flags(entries: list[AccessLogEntry], actors: dict[int, User]) -> list[Flag]:
    found = _outside_assignment(entries, actors) + _bursts(entries, actors)
    found += _after_hours(entries, actors)
    return sorted(found, key=lambda f: (f.day, f.kind))


# Records that belong to an area, by the access log's subject kind: a view of one by someone not
# assigned to its dong or gu is flagged. (Other kinds, e.g. a shared contact, go to the two
# sides of a match, not to staff by area.)
_AREA_COLUMNS = {
    "need": (Pin.id, Pin.dong_id, Pin.gu_id),
    "report": (Report.id, Report.dong_id, Report.gu_id),
}


def _outside_assignment(entries: list[AccessLogEntry], actors: dict[int, User]) -> list[Flag]:
    found = []
    for kind, (key, dong, gu) in _AREA_COLUMNS.items():
        viewed = [e for e in entries if e.subject_kind == kind and e.actor_id is not None]
        if not viewed:
            continue
        ids = {e.subject_id for e in viewed}
        areas = {
            record_id: {dong_id, gu_id}
            for record_id, dong_id, gu_id in db.session.execute(
                select(key, dong, gu).where(key.in_(ids))
            )
        }
        for entry in viewed:
            actor = actors.get(entry.actor_id or 0)
            assigned = {area.id for area in actor.staff_areas} if actor else set()
            if not (areas.get(entry.subject_id, set()) & assigned):
                found.append(Flag(FlagKind.OUTSIDE_ASSIGNMENT, actor, _day(entry), (entry,)))
    return found


def _bursts(entries: list[AccessLogEntry], actors: dict[int, User]) -> list[Flag]:
    limit = int(current_app.config["ACCESS_LOG_BURST_SUBJECTS"])
    by_day: dict[tuple[int, date], list[AccessLogEntry]] = defaultdict(list)
    for entry in entries:
        if entry.actor_id is not None:
            by_day[(entry.actor_id, _day(entry))].append(entry)
    found = []
    for (actor_id, day), day_entries in by_day.items():
        subjects = {(e.subject_kind, e.subject_id) for e in day_entries}
        if len(subjects) > limit:
            found.append(
                Flag(FlagKind.BURST, actors.get(actor_id), day, tuple(day_entries), len(subjects))
            )
    return found


def is_after_hours(moment: datetime) -> bool:
    local = moment.astimezone(SEOUL)
    return local.weekday() >= 5 or not OFFICE_HOURS[0] <= local.hour < OFFICE_HOURS[1]


def _after_hours(entries: list[AccessLogEntry], actors: dict[int, User]) -> list[Flag]:
    return [
        Flag(FlagKind.AFTER_HOURS, actors.get(e.actor_id or 0), _day(e), (e,))
        for e in entries
        if e.action in FILES_LEAVING and is_after_hours(e.at)
    ]


def _day(entry: AccessLogEntry) -> date:
    return to_seoul(entry.at).date()
