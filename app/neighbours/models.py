"""An appointment of a person as a Sharing Neighbour of one dong, for a term.

The row holds only what the card and the dong office need: the account (its display name is
the name on the card), the dong, the kind of neighbour, the term and the pledge. The scanned
pledge is sealed at rest (app.vault) and erased a while after the appointment ends
(app.neighbours.retention); the rest stays, so the dong's counts stay the same.
"""

from __future__ import annotations

import enum
import secrets
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.areas.models import Area
from app.clock import seoul_today, utcnow
from app.dbtypes import UTCDateTime, enum_type
from app.extensions import Model
from app.vault import EncryptedBytes


class NeighbourKind(enum.StrEnum):
    SHOPKEEPER = "shopkeeper"
    POSTAL_CARRIER = "postal_carrier"
    METER_READER = "meter_reader"
    LANDLORD = "landlord"
    COUNCIL_MEMBER = "council_member"
    VOLUNTEER = "volunteer"
    OTHER = "other"


class AppointmentState(enum.StrEnum):
    """What the public check says; derived, never stored (revocation shows at once)."""

    ACTIVE = "active"
    NOT_YET = "not_yet"
    EXPIRED = "expired"
    REVOKED = "revoked"


def new_verification_token() -> str:
    # The card's QR code carries this, not the id: ids are guessable and would let anyone walk
    # the list of appointments.
    return secrets.token_urlsafe(24)


class NeighbourAppointment(Model):
    __tablename__ = "neighbour_appointments"
    __table_args__ = (
        CheckConstraint("term_ends_on >= term_starts_on", name="term_in_order"),
        CheckConstraint("kind <> 'other' OR kind_other <> ''", name="other_kind_named"),
        CheckConstraint("revoked_at IS NULL OR revoke_reason <> ''", name="revocation_says_why"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    dong_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    kind: Mapped[NeighbourKind] = mapped_column(enum_type(NeighbourKind, "neighbour_kind"))
    kind_other: Mapped[str] = mapped_column(String(80), default="")
    term_starts_on: Mapped[date] = mapped_column(Date)
    term_ends_on: Mapped[date] = mapped_column(Date)
    pledge_signed_on: Mapped[date] = mapped_column(Date)
    pledge_version: Mapped[str] = mapped_column(String(40))
    # Deferred: a scan is megabytes to open, and only its download reads it.
    pledge_scan: Mapped[bytes | None] = mapped_column(
        EncryptedBytes("neighbour_appointments.pledge_scan"), deferred=True
    )
    verification_token: Mapped[str] = mapped_column(
        String(64), unique=True, default=new_verification_token
    )
    appointed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    appointed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revoke_reason: Mapped[str] = mapped_column(Text, default="")

    person: Mapped[User] = relationship(foreign_keys=[person_id])
    dong: Mapped[Area] = relationship()
    appointed_by: Mapped[User | None] = relationship(foreign_keys=[appointed_by_id])
    revoked_by: Mapped[User | None] = relationship(foreign_keys=[revoked_by_id])

    def state(self, today: date | None = None) -> AppointmentState:
        today = today or seoul_today()
        if self.revoked_at is not None:
            return AppointmentState.REVOKED
        if today < self.term_starts_on:
            return AppointmentState.NOT_YET
        if today > self.term_ends_on:
            return AppointmentState.EXPIRED
        return AppointmentState.ACTIVE

    def is_active(self, today: date | None = None) -> bool:
        return self.state(today) == AppointmentState.ACTIVE

    def __repr__(self) -> str:
        return f"<NeighbourAppointment {self.id} {self.kind} dong={self.dong_id}>"
