"""Check-in groups for tests: a dong, a group meeting in it, members who joined some days ago."""

from __future__ import annotations

from datetime import date, timedelta

from app.accounts.models import Role
from app.checkins.models import Cadence, CheckinGroup, CheckinMember
from app.checkins.services import GroupDetails, add_member, create_group
from app.clock import seoul_today
from app.consents.models import ConsentMethod
from tests.factories import make_user, served_dong_at

MEETING_PLACE = (126.975, 37.565)


def make_dong():
    """The dong of the meeting place: the one already there, if a test made one."""
    return served_dong_at(*MEETING_PLACE)


def make_group(dong=None, *, cadence=Cadence.DAILY, weekdays=(), missed_limit=2, host=None):
    dong = dong or make_dong()
    staff = make_user(Role.STAFF)
    staff.staff_areas.append(dong)
    return create_group(
        GroupDetails(
            name="느티나무 안부 모임",
            lon=MEETING_PLACE[0],
            lat=MEETING_PLACE[1],
            cadence=cadence,
            weekdays=weekdays,
            missed_limit=missed_limit,
            host_email=host.email if host is not None else "",
        ),
        dong,
        staff,
    )


def make_member(group: CheckinGroup, *, joined_days_ago: int = 10, **fields) -> CheckinMember:
    staff = make_user(Role.STAFF)
    joined_on: date = seoul_today() - timedelta(days=joined_days_ago)
    return add_member(
        group,
        staff,
        label=fields.pop("label", "1번 회원"),
        name=fields.pop("name", "김순자"),
        phone=fields.pop("phone", "010-1234-5678"),
        consent_method=ConsentMethod.SIGNED_PAPER,
        joined_on=joined_on,
    )
