"""A donor's place on the public map and the offer pin each published pledge keeps there.

A shop's place is public (it serves customers there), so the pledge's pin stands at the exact
point, like any organisation's offer (app.pins.privacy). The link row lets the pledge find its
pin again to update it ("this month: 7 of 10 left") or withdraw it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.clock import utcnow
from app.dbtypes import UTCDateTime
from app.extensions import Model
from app.pins.models import Pin


class DonorPlace(Model):
    """Where a donor business serves its customers (the shop's door), in WGS84 degrees."""

    __tablename__ = "didimdol_donor_places"

    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("didimdol_enrolments.id", ondelete="CASCADE"), primary_key=True
    )
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PledgePin(Model):
    """The public offer pin of a pledge: one per pledge, kept (withdrawn) when it stops."""

    __tablename__ = "didimdol_pledge_pins"

    pledge_id: Mapped[int] = mapped_column(
        ForeignKey("didimdol_pledges.id", ondelete="CASCADE"), primary_key=True
    )
    pin_id: Mapped[int] = mapped_column(ForeignKey("pins.id", ondelete="CASCADE"), unique=True)

    pin: Mapped[Pin] = relationship()
