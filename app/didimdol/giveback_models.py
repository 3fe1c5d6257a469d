"""Give-back: a beneficiary's volunteering for other neighbours, recorded by their facility.

The row names the person (through the beneficiary) and is the facility's alone, like the
beneficiary record; only its aggregates leave (people and hours by gu and month, suppressed
on the public ledger). Recorded only with the person's consent for this purpose
(ConsentPurpose.VOLUNTEERING_RECORD, app.consents).
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.clock import utcnow
from app.dbtypes import UTCDateTime, enum_type
from app.didimdol.models import Beneficiary, Facility
from app.extensions import Model

MAX_HOURS = 12  # one day's volunteering; more is a typing mistake


class VolunteerActivity(enum.StrEnum):
    NEIGHBOUR_CARE = "neighbour_care"  # visiting, keeping company, calls to older neighbours
    FOOD_SHARING = "food_sharing"  # meal service, side dishes, food bank
    NEIGHBOURHOOD_CLEANING = "neighbourhood_cleaning"
    TEACHING = "teaching"  # tutoring, mentoring, sharing a skill
    EVENTS = "events"  # helping at the facility's or the dong's events
    OTHER = "other"


class Volunteering(Model):
    """One day's volunteering of one beneficiary: when, how long (whole hours), what kind."""

    __tablename__ = "didimdol_volunteering"
    __table_args__ = (
        CheckConstraint(f"hours > 0 AND hours <= {MAX_HOURS}", name="hours_in_a_day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    facility_id: Mapped[int] = mapped_column(
        ForeignKey("didimdol_facilities.id", ondelete="CASCADE"), index=True
    )
    beneficiary_id: Mapped[int] = mapped_column(
        ForeignKey("didimdol_beneficiaries.id", ondelete="CASCADE"), index=True
    )
    done_on: Mapped[date] = mapped_column(Date, index=True)
    hours: Mapped[int] = mapped_column(Integer)
    activity: Mapped[VolunteerActivity] = mapped_column(
        enum_type(VolunteerActivity, "didimdol_volunteer_activity")
    )
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    facility: Mapped[Facility] = relationship()
    beneficiary: Mapped[Beneficiary] = relationship()
