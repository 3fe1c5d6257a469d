"""Finding members whose last check-ins were missed, and raising one report per missed streak.

A streak is the run of expected days (from the group's cadence, in Seoul dates) since the
member was last seen, or since they joined. A day counts as missed when it is over and nobody
recorded the member as seen on it: a check-in the host forgot to record is a missed one too,
as a lonely death is found when nobody looks. Once a streak is as long as the group's
`missed_limit`, it becomes one urgent welfare-check report; the streak's first day is its key
(CheckinConcern), so a later run, or a second worker, finds the key and makes nothing more.
Seeing the member ends the streak; a later one has another first day and its own report.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from flask_babel import force_locale, gettext
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload, undefer

from app.actions import flush_once
from app.checkins.errors import ConcernRaised
from app.checkins.models import Checkin, CheckinConcern, CheckinGroup, CheckinMember
from app.clock import seoul_today
from app.errors import DomainError
from app.extensions import db
from app.geo import from_db_geometry
from app.reports.models import CrisisType, ReportAbout, ReportChannel, Urgency
from app.reports.services import ReportDetails, receive_report

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class MissedStreak:
    member: CheckinMember
    starts_on: date
    missed: int


def expected_days(group: CheckinGroup, first: date, last: date) -> Iterator[date]:
    """The days from `first` to `last` (both included) on which the group checks in."""
    day = first
    while day <= last:
        if group.meets_on(day):
            yield day
        day += timedelta(days=1)


def missed_streak(member: CheckinMember, today: date) -> MissedStreak | None:
    """The member's current streak of missed check-ins, if it reached the group's limit."""
    last_seen = db.session.scalar(
        select(func.max(Checkin.day)).where(
            Checkin.member_id == member.id, Checkin.seen.is_(True), Checkin.day < today
        )
    )
    first = (
        member.joined_on if last_seen is None else max(member.joined_on, last_seen + timedelta(1))
    )
    last = today - timedelta(days=1)  # today's check-in may still come
    if member.left_on is not None:
        last = min(last, member.left_on)
    days = expected_days(member.group, first, last)
    starts_on = next(days, None)
    if starts_on is None:
        return None
    missed = 1 + sum(1 for _ in days)
    if missed < member.group.missed_limit:
        return None
    return MissedStreak(member, starts_on, missed)


def members_to_scan(today: date) -> list[CheckinMember]:
    statement = (
        select(CheckinMember)
        .where(or_(CheckinMember.left_on.is_(None), CheckinMember.left_on >= today - timedelta(1)))
        .where(CheckinMember.identifying_erased_at.is_(None))
        .options(selectinload(CheckinMember.group))
        .order_by(CheckinMember.id)
    )
    return list(db.session.scalars(statement))


def already_raised(streak: MissedStreak) -> bool:
    found = select(CheckinConcern.id).where(
        CheckinConcern.member_id == streak.member.id,
        CheckinConcern.streak_starts_on == streak.starts_on,
    )
    return db.session.scalar(found) is not None


def raise_concern(streak: MissedStreak) -> CheckinConcern:
    """The streak's key first, then its report, in the caller's transaction: a twin run that
    raced past `already_raised` is refused by the key's unique constraint (ConcernRaised)."""
    concern = CheckinConcern(member_id=streak.member.id, streak_starts_on=streak.starts_on)
    db.session.add(concern)
    flush_once(ConcernRaised)
    group = db.session.get(
        CheckinGroup, streak.member.group_id, options=[undefer(CheckinGroup.meeting_point)]
    )
    assert group is not None
    point = from_db_geometry(group.meeting_point)
    # Stored words, read by the dong's staff: in the site's default language.
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        seen = gettext(
            "Check-in group %(group)s: %(label)s has missed %(missed)d check-ins in a row, "
            "since %(day)s. Please visit.",
            group=group.name,
            label=streak.member.label,
            missed=streak.missed,
            day=streak.starts_on.isoformat(),
        )
    received = receive_report(
        ReportDetails(
            about=ReportAbout.NEIGHBOUR,
            crisis_types=[CrisisType.ISOLATION],
            urgency=Urgency.TODAY,
            what_was_seen=seen,
            lon=point.x,
            lat=point.y,
            person_name=streak.member.name,
            person_phone=streak.member.phone,
            channel=ReportChannel.CHECKIN,
        ),
        reporter=None,
    )
    concern.report_id = received.report.id
    db.session.flush()
    return concern


def scan_missed_checkins(today: date | None = None) -> int:
    """Raise a report for each new missed streak; how many were raised. Each member's report
    is committed on its own, so that one refusal (a place no longer served) stops no other."""
    today = today or seoul_today()
    raised = 0
    for member_id in [m.id for m in members_to_scan(today)]:
        member = db.session.get(CheckinMember, member_id)
        streak = missed_streak(member, today) if member is not None else None
        if streak is None or already_raised(streak):
            continue
        try:
            raise_concern(streak)
            db.session.commit()
        except ConcernRaised:
            db.session.rollback()  # another worker raised it first: one report, theirs
            continue
        except DomainError as refusal:
            db.session.rollback()
            logger.error("check-in member %s: no report (%s)", member_id, refusal.message)
            continue
        raised += 1
    return raised
