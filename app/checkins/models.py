"""Check-in groups: neighbours who look in on each other, against lonely deaths (고독사).

A dong office sets up a group with a host and a meeting place; the host (or the dong's staff)
records, on each expected day, whether each member was seen. A member who misses the group's
number of check-ins in a row becomes one urgent welfare-check report (app.checkins.scan).

Members' names and phones are sealed at rest (app.vault); lists show only their label. The
meeting place is exact and private, deferred like Report.location: it is loaded only to route
a report, never drawn on a public page.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from geoalchemy2 import WKBElement
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    SmallInteger,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.areas.models import Area
from app.clock import utcnow
from app.dbtypes import UTCDateTime, enum_type
from app.extensions import Model
from app.geo import PointColumn
from app.vault import EncryptedText

DEFAULT_MISSED_LIMIT = 2


class Cadence(enum.StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"  # on the weekdays the group chose


class CheckinGroup(Model):
    __tablename__ = "checkin_groups"
    __table_args__ = (
        CheckConstraint("missed_limit BETWEEN 1 AND 14", name="missed_limit_in_range"),
        # Monday is bit 0 (date.weekday()); a weekly group meets on at least one day.
        CheckConstraint("weekdays BETWEEN 0 AND 127", name="weekdays_are_a_week"),
        CheckConstraint("cadence = 'daily' OR weekdays > 0", name="weekly_group_has_a_day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    dong_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    meeting_point: Mapped[WKBElement] = mapped_column(PointColumn, deferred=True)
    cadence: Mapped[Cadence] = mapped_column(enum_type(Cadence, "checkin_cadence"))
    weekdays: Mapped[int] = mapped_column(SmallInteger, default=0)
    missed_limit: Mapped[int] = mapped_column(Integer, default=DEFAULT_MISSED_LIMIT)
    host_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    dong: Mapped[Area] = relationship()
    members: Mapped[list[CheckinMember]] = relationship(
        back_populates="group", order_by="CheckinMember.id"
    )

    def meets_on(self, day: date) -> bool:
        return self.cadence == Cadence.DAILY or bool(self.weekdays & (1 << day.weekday()))


class CheckinMember(Model):
    __tablename__ = "checkin_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("checkin_groups.id", ondelete="CASCADE"), index=True
    )
    # What lists and the host's page show: a pseudonym the dong chooses ("3번 회원").
    label: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(EncryptedText("checkin_members.name"), default="")
    phone: Mapped[str] = mapped_column(EncryptedText("checkin_members.phone"), default="")
    # Expected check-ins count from this Seoul day: nobody is missing before they joined.
    joined_on: Mapped[date] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date, index=True)
    identifying_erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    group: Mapped[CheckinGroup] = relationship(back_populates="members")


class Checkin(Model):
    """Whether a member was seen on one expected day (one row per member and day)."""

    __tablename__ = "checkins"
    __table_args__ = (UniqueConstraint("member_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("checkin_members.id", ondelete="CASCADE"), index=True
    )
    day: Mapped[date] = mapped_column(Date)
    seen: Mapped[bool] = mapped_column(Boolean)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CheckinConcern(Model):
    """A missed streak that became a report. The unique key (member, first missed day) is what
    makes the scan idempotent: two workers, or two runs, insert it once, in the transaction
    that creates the report, so there is exactly one report per streak."""

    __tablename__ = "checkin_concerns"
    __table_args__ = (UniqueConstraint("member_id", "streak_starts_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("checkin_members.id", ondelete="CASCADE"), index=True
    )
    streak_starts_on: Mapped[date] = mapped_column(Date)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
