"""Outreach visits, the amendments made to them once their day is over, and seasonal sweeps
with the households they import.

A visit is to a confidential report's person (app.reports) or to a household of a sweep. What
could name anyone (a household's name, phone and address, a visit's notes, an amendment's
values and reason) is sealed at rest (app/vault.py); phone and address have blind indexes so a
sweep can tell a household it already holds without reading them.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.areas.models import Area
from app.clock import seoul_today, utcnow
from app.dbtypes import UTCDateTime, enum_type
from app.extensions import Model, db
from app.reports.models import Report
from app.vault import BlindIndex, EncryptedText


class VisitKind(enum.StrEnum):
    HOME = "home"
    PHONE = "phone"
    JOINT_WITH_NURSE = "joint_with_nurse"  # with the visiting nurse of the health centre


class VisitOutcome(enum.StrEnum):
    MET_AND_ASSESSED = "met_and_assessed"
    NOT_HOME = "not_home"
    REFUSED = "refused"
    MOVED = "moved"
    DECEASED = "deceased"
    URGENT_REFERRAL = "urgent_referral"
    NO_NEED = "no_need"


visit_visitors = Table(
    "visit_visitors",
    db.metadata,
    Column("visit_id", ForeignKey("visits.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)

sweep_dongs = Table(
    "sweep_dongs",
    db.metadata,
    Column("sweep_id", ForeignKey("sweeps.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", ForeignKey("areas.id", ondelete="CASCADE"), primary_key=True),
)


class Sweep(Model):
    """A seasonal investigation (e.g. the winter blind-spot sweep) over chosen dongs."""

    __tablename__ = "sweeps"
    __table_args__ = (CheckConstraint("ends_on >= starts_on", name="period_in_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    dongs: Mapped[list[Area]] = relationship(secondary=sweep_dongs, order_by=Area.code)


class SweepHousehold(Model):
    """A household on a sweep's list: once per sweep by its address (a blind index)."""

    __tablename__ = "sweep_households"
    __table_args__ = (UniqueConstraint("sweep_id", "address_index"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sweep_id: Mapped[int] = mapped_column(ForeignKey("sweeps.id", ondelete="CASCADE"), index=True)
    dong_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    name: Mapped[str] = mapped_column(EncryptedText("sweep_households.name"), default="")
    phone: Mapped[str] = mapped_column(EncryptedText("sweep_households.phone"), default="")
    phone_index: Mapped[str | None] = mapped_column(BlindIndex, index=True)
    address_text: Mapped[str] = mapped_column(
        EncryptedText("sweep_households.address_text"), default=""
    )
    # NULL once retention erased the address: the row stays, counted, and blocks nothing.
    address_index: Mapped[str | None] = mapped_column(BlindIndex)
    notes: Mapped[str] = mapped_column(EncryptedText("sweep_households.notes"), default="")
    identifying_erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    sweep: Mapped[Sweep] = relationship()
    dong: Mapped[Area] = relationship()


class Visit(Model):
    """One planned visit: to a report's person or a sweep's household, in a dong, on a day.

    Editable on its day only (Seoul time): from the next day it is locked, as computed from the
    day itself (`is_locked`), so no job has to run for a record to become final. Later changes
    are `VisitAmendment`s."""

    __tablename__ = "visits"
    __table_args__ = (
        CheckConstraint("(report_id IS NULL) <> (household_id IS NULL)", name="one_target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dong_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    report_id: Mapped[int | None] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), index=True
    )
    household_id: Mapped[int | None] = mapped_column(
        ForeignKey("sweep_households.id", ondelete="CASCADE"), index=True
    )
    planned_on: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[VisitKind] = mapped_column(enum_type(VisitKind, "visit_kind"))
    # The stop's place in the round of its dong and day; NULL while not in the round.
    round_position: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[VisitOutcome | None] = mapped_column(enum_type(VisitOutcome, "visit_outcome"))
    notes: Mapped[str] = mapped_column(EncryptedText("visits.notes"), default="")
    next_visit_on: Mapped[date | None] = mapped_column(Date)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    planned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    identifying_erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    dong: Mapped[Area] = relationship()
    report: Mapped[Report | None] = relationship()
    household: Mapped[SweepHousehold | None] = relationship()
    visitors: Mapped[list[User]] = relationship(secondary=visit_visitors, order_by=User.id)
    recorded_by: Mapped[User | None] = relationship(foreign_keys=[recorded_by_id])
    amendments: Mapped[list[VisitAmendment]] = relationship(
        order_by="VisitAmendment.id", viewonly=True
    )

    def is_locked(self, today: date | None = None) -> bool:
        return (today or seoul_today()) > self.planned_on

    def is_assigned(self, user: User) -> bool:
        return any(visitor.id == user.id for visitor in self.visitors)

    def __repr__(self) -> str:
        return f"<Visit {self.id} {self.planned_on} {self.outcome}>"


class VisitAmendment(Model):
    """A change to a locked visit record. Append-only: the database refuses an UPDATE
    (a trigger, migration 1232), like the access log's."""

    __tablename__ = "visit_amendments"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(32))
    old_value: Mapped[str] = mapped_column(EncryptedText("visit_amendments.old_value"))
    new_value: Mapped[str] = mapped_column(EncryptedText("visit_amendments.new_value"))
    reason: Mapped[str] = mapped_column(EncryptedText("visit_amendments.reason"))
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    by: Mapped[User | None] = relationship()
