"""Associations that signed a donor agreement with the city, and the invitations they send to
their member businesses (issue 15, item 1).

An agreement is never edited away: ending it dates it and keeps the reason, and a new one is
a new row, so the association's history stays readable. The signed PDF lives on disk under a
random name (app.didimdol.agreements); the row keeps only that name and the one to offer on
download.

An invitation's email (and phone) name a person: sealed at rest (app.vault), with a blind index
for the association's duplicate check. Its link works like a registration link (a random key
whose hash is stored, app.accounts.links); its state follows from its dates.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.clock import utcnow
from app.dbtypes import UTCDateTime, enum_type
from app.didimdol.models import DonorEnrolment
from app.extensions import Model
from app.vault import BlindIndex, EncryptedText


class AssociationKind(enum.StrEnum):
    MEDICAL = "medical"
    DENTAL = "dental"
    PHARMACISTS = "pharmacists"
    RESTAURANTS = "restaurants"
    BARBERS = "barbers"
    COSMETOLOGISTS = "cosmetologists"
    BAKERIES = "bakeries"
    OTHER = "other"


class InvitationState(enum.StrEnum):
    """Derived from an invitation's dates, never stored."""

    SENT = "sent"
    OPENED = "opened"
    ENROLLED = "enrolled"
    EXPIRED = "expired"
    REVOKED = "revoked"


class Association(Model):
    __tablename__ = "didimdol_associations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[AssociationKind] = mapped_column(
        enum_type(AssociationKind, "didimdol_association_kind")
    )
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    agreements: Mapped[list[Agreement]] = relationship(
        back_populates="association", order_by="Agreement.id.desc()"
    )

    def active_agreement(self, today: date) -> Agreement | None:
        return next((a for a in self.agreements if a.is_active(today)), None)


class Agreement(Model):
    """The association's donor agreement with the city, as signed."""

    __tablename__ = "didimdol_agreements"
    __table_args__ = (
        CheckConstraint(
            "valid_until IS NULL OR valid_until >= valid_from", name="valid_until_after_from"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    association_id: Mapped[int] = mapped_column(
        ForeignKey("didimdol_associations.id", ondelete="CASCADE"), index=True
    )
    signatory_name: Mapped[str] = mapped_column(String(100))
    signatory_title: Mapped[str] = mapped_column(String(100))
    signed_on: Mapped[date] = mapped_column(Date)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    terms: Mapped[str] = mapped_column(Text)
    pdf_stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    pdf_original_name: Mapped[str] = mapped_column(String(160))
    pdf_size_bytes: Mapped[int] = mapped_column(Integer)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_on: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[str] = mapped_column(Text, default="")
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    association: Mapped[Association] = relationship(back_populates="agreements")

    def is_active(self, today: date) -> bool:
        """In force on `today`: begun, not past its last day, not ended (an agreement ended on
        a day no longer holds that day)."""
        if today < self.valid_from or (self.valid_until and today > self.valid_until):
            return False
        return self.ended_on is None or today < self.ended_on


class InvitationList(Model):
    """One CSV file of member businesses, as sent: its digest recognises the same file sent
    again; the counts stay after the invitations themselves are erased."""

    __tablename__ = "didimdol_invitation_lists"
    __table_args__ = (UniqueConstraint("association_id", "file_digest"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    association_id: Mapped[int] = mapped_column(
        ForeignKey("didimdol_associations.id", ondelete="CASCADE"), index=True
    )
    file_digest: Mapped[str] = mapped_column(String(64))
    invited: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Invitation(Model):
    __tablename__ = "didimdol_invitations"
    __table_args__ = (UniqueConstraint("association_id", "email_index"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    association_id: Mapped[int] = mapped_column(
        ForeignKey("didimdol_associations.id", ondelete="CASCADE"), index=True
    )
    list_id: Mapped[int | None] = mapped_column(
        ForeignKey("didimdol_invitation_lists.id", ondelete="SET NULL")
    )
    business_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(EncryptedText("didimdol_invitations.email"))
    email_index: Mapped[str] = mapped_column(BlindIndex)
    phone: Mapped[str] = mapped_column(EncryptedText("didimdol_invitations.phone"), default="")
    area: Mapped[str] = mapped_column(String(100), default="")
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    enrolment_id: Mapped[int | None] = mapped_column(
        ForeignKey("didimdol_enrolments.id", ondelete="SET NULL"), unique=True
    )

    association: Mapped[Association] = relationship()
    enrolment: Mapped[DonorEnrolment | None] = relationship()

    def state(self, now: datetime) -> InvitationState:
        if self.enrolment_id is not None:
            return InvitationState.ENROLLED
        if self.revoked_at is not None:
            return InvitationState.REVOKED
        if self.expires_at <= now:
            return InvitationState.EXPIRED
        if self.opened_at is not None:
            return InvitationState.OPENED
        return InvitationState.SENT
