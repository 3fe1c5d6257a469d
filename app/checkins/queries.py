"""Read-only queries for the pages: the groups a person works with, a group's members."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from app.accounts.models import User
from app.areas.models import Area
from app.checkins.models import Checkin, CheckinGroup, CheckinMember
from app.extensions import db


def groups_in(dongs: list[Area]) -> list[CheckinGroup]:
    if not dongs:
        return []
    statement = (
        select(CheckinGroup)
        .where(CheckinGroup.dong_id.in_([d.id for d in dongs]))
        .options(joinedload(CheckinGroup.dong))
        .order_by(CheckinGroup.name, CheckinGroup.id)
    )
    return list(db.session.scalars(statement))


def hosted_by(person: User, dongs: list[Area]) -> list[CheckinGroup]:
    """The groups a person hosts, and those of the dongs they work for."""
    dong_ids = [d.id for d in dongs]
    statement = (
        select(CheckinGroup)
        .where(or_(CheckinGroup.host_id == person.id, CheckinGroup.dong_id.in_(dong_ids)))
        .options(joinedload(CheckinGroup.dong))
        .order_by(CheckinGroup.name, CheckinGroup.id)
    )
    return list(db.session.scalars(statement))


def current_members(group: CheckinGroup) -> list[CheckinMember]:
    statement = (
        select(CheckinMember)
        .where(CheckinMember.group_id == group.id, CheckinMember.left_on.is_(None))
        .order_by(CheckinMember.id)
    )
    return list(db.session.scalars(statement))


def answers_on(group: CheckinGroup, day) -> dict[int, bool]:
    """What was recorded for the day, by member id (to fill the form again)."""
    statement = (
        select(Checkin.member_id, Checkin.seen)
        .join(CheckinMember, CheckinMember.id == Checkin.member_id)
        .where(CheckinMember.group_id == group.id, Checkin.day == day)
    )
    return {row.member_id: row.seen for row in db.session.execute(statement)}
