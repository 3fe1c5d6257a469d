"""Setting up check-in groups, their members and the check-ins themselves. Flush, never
commit. The meeting place is written here only; it is read by app.checkins.scan alone."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from shapely.geometry import Point

from app.accounts.models import User
from app.accounts.services import find_user_by_email
from app.areas.models import Area
from app.areas.services import dong_and_gu_at
from app.checkins.errors import (
    AlreadyLeft,
    DayInFuture,
    DayNotExpected,
    HostUnknown,
    NoMeetingDay,
    PlaceOutsideDong,
)
from app.checkins.models import Cadence, Checkin, CheckinGroup, CheckinMember
from app.clock import seoul_today, utcnow
from app.consents.models import ConsentMethod, ConsentPurpose
from app.consents.services import record_consent
from app.consents.subjects import Subject
from app.extensions import db
from app.geo import to_db_geometry

CHECKIN_MEMBER = "checkin_member"  # the subject kind of consents and of the access log
# The words a member agrees to when joining (read out or signed on paper at the dong office).
MEMBER_NOTICE = "checkin-member-2026-12"


@dataclass(frozen=True)
class GroupDetails:
    name: str
    lon: float
    lat: float
    cadence: Cadence
    weekdays: Iterable[int] = ()  # 0 = Monday, as date.weekday()
    missed_limit: int = 2
    host_email: str = ""  # the host's account, if the group has one yet


def weekday_mask(weekdays: Iterable[int]) -> int:
    mask = 0
    for day in weekdays:
        mask |= 1 << int(day)
    return mask


def create_group(details: GroupDetails, dong: Area, staff: User) -> CheckinGroup:
    found = dong_and_gu_at(details.lon, details.lat)
    if found.dong is None or found.dong.id != dong.id:
        raise PlaceOutsideDong()
    weekdays = weekday_mask(details.weekdays) if details.cadence == Cadence.WEEKLY else 0
    if details.cadence == Cadence.WEEKLY and not weekdays:
        raise NoMeetingDay()
    host = None
    if details.host_email:
        host = find_user_by_email(details.host_email)
        if host is None:
            raise HostUnknown()
    group = CheckinGroup(
        name=details.name.strip(),
        dong_id=dong.id,
        meeting_point=to_db_geometry(Point(details.lon, details.lat)),
        cadence=details.cadence,
        weekdays=weekdays,
        missed_limit=details.missed_limit,
        host_id=host.id if host is not None else None,
        created_by_id=staff.id,
    )
    db.session.add(group)
    db.session.flush()
    return group


def add_member(
    group: CheckinGroup,
    staff: User,
    *,
    label: str,
    name: str,
    phone: str,
    consent_method: ConsentMethod,
    joined_on: date | None = None,
) -> CheckinMember:
    """A member joins with their consent to the collection of their name and phone (recorded
    in app.consents, dated and with the notice's version): no consent, no member."""
    today = seoul_today()
    member = CheckinMember(
        group_id=group.id,
        label=label.strip(),
        name=name.strip(),
        phone=phone.strip(),
        joined_on=joined_on or today,
    )
    db.session.add(member)
    db.session.flush()
    record_consent(
        Subject(CHECKIN_MEMBER, member.id),
        ConsentPurpose.COLLECTION_AND_USE,
        method=consent_method,
        given_on=today,
        obtained_by=staff,
        notice_version=MEMBER_NOTICE,
    )
    return member


def member_left(member: CheckinMember) -> None:
    """The member left the group (moved, withdrew their consent, or died): they are expected
    no more, and the retention rule's clock starts (app.checkins.retention)."""
    if member.left_on is not None:
        raise AlreadyLeft()
    member.left_on = seoul_today()
    db.session.flush()


def record_checkins(
    group: CheckinGroup, recorder: User, day: date, seen: Mapping[int, bool]
) -> int:
    """Record, for one day, whether each member (by id) was seen; a second recording of the
    same day replaces the first (the host corrects a mistake). How many were recorded."""
    if day > seoul_today():
        raise DayInFuture()
    if not group.meets_on(day):
        raise DayNotExpected()
    members = {m.id for m in group.members}
    existing = {
        c.member_id: c
        for c in db.session.scalars(
            db.select(Checkin).where(Checkin.member_id.in_(members), Checkin.day == day)
        )
    }
    count = 0
    for member_id, was_seen in seen.items():
        if member_id not in members:
            continue
        row = existing.get(member_id)
        if row is None:
            db.session.add(
                Checkin(member_id=member_id, day=day, seen=was_seen, recorded_by_id=recorder.id)
            )
        else:
            row.seen, row.recorded_by_id, row.recorded_at = was_seen, recorder.id, utcnow()
        count += 1
    db.session.flush()
    return count
