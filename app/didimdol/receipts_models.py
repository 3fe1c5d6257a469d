"""Year-end receipts and certificates, and signboards (issue 15, items 7 and 8).

Serials come from `SerialCounter` rows, one per series (a donee's receipts of a year, its
certificates of a year, the city's signboards): the number is taken by an UPDATE of that row,
which the database serialises, so two issues at one instant get two consecutive numbers and a
rolled-back issue gives its number back. A voided receipt and a revoked signboard keep theirs.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.clock import utcnow
from app.dbtypes import UTCDateTime, enum_type
from app.didimdol.models import DonorEnrolment
from app.extensions import Model
from app.organisations.models import Organisation
from app.vault import EncryptedText


class DonationDocumentKind(enum.StrEnum):
    RECEIPT = "receipt"  # 기부금영수증: tax-deductible goods
    CERTIFICATE = "certificate"  # 기부 확인서: services, not deductible


class DonationDocumentStatus(enum.StrEnum):
    ISSUED = "issued"
    VOID = "void"


class SerialCounter(Model):
    """The last number given in a series ("receipt:7:2026", "signboard")."""

    __tablename__ = "didimdol_serials"

    series: Mapped[str] = mapped_column(String(80), primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


class DonationDocument(Model):
    """A donor's year-end receipt or certificate from the donee. The donor's name and
    registration number are copied as they were on the day (a receipt does not change when the
    business renames itself); the number is sealed like the enrolment's."""

    __tablename__ = "didimdol_donation_documents"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("serial > 0", name="serial_positive"),
        Index(
            "uq_didimdol_donation_documents_serial",
            "donee_id",
            "kind",
            "year",
            "serial",
            unique=True,
        ),
        # One standing document per donor, kind and year: issuing all donors twice is a no-op.
        Index(
            "uq_didimdol_donation_documents_standing",
            "donee_id",
            "kind",
            "year",
            "enrolment_id",
            unique=True,
            sqlite_where=text("status = 'issued'"),
            postgresql_where=text("status = 'issued'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    donee_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    kind: Mapped[DonationDocumentKind] = mapped_column(
        enum_type(DonationDocumentKind, "didimdol_donation_document_kind")
    )
    year: Mapped[int] = mapped_column(Integer)
    serial: Mapped[int] = mapped_column(Integer)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("didimdol_enrolments.id"), index=True)
    donor_name: Mapped[str] = mapped_column(String(160))
    business_number: Mapped[str] = mapped_column(
        EncryptedText("didimdol_donation_documents.business_number")
    )
    amount: Mapped[int] = mapped_column(Integer)  # won
    # The verification page's address: random, so amounts cannot be read by counting serials.
    token: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[DonationDocumentStatus] = mapped_column(
        enum_type(DonationDocumentStatus, "didimdol_donation_document_status"),
        default=DonationDocumentStatus.ISSUED,
    )
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    voided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    void_reason: Mapped[str] = mapped_column(String(500), default="")

    donee: Mapped[Organisation] = relationship()
    enrolment: Mapped[DonorEnrolment] = relationship()
    issued_by: Mapped[User | None] = relationship(foreign_keys=[issued_by_id])

    @property
    def number(self) -> str:
        """As printed: D7-2026-000042 (a certificate: D7-C2026-000042). The serial counts per
        donee, kind and year, so the donee's code (D and its organisation's id) comes first:
        after DIDIMDOL_DONEE_ID changes, two donees' documents never read alike."""
        prefix = "C" if self.kind == DonationDocumentKind.CERTIFICATE else ""
        return f"D{self.donee_id}-{prefix}{self.year}-{self.serial:06d}"


class Signboard(Model):
    """ "디딤돌 나눔가게 제 N호": N city-wide, never reused; revoked, it stays revoked."""

    __tablename__ = "didimdol_signboards"
    __table_args__ = (
        CheckConstraint("number > 0", name="number_positive"),
        Index(
            "uq_didimdol_signboards_standing",
            "enrolment_id",
            unique=True,
            sqlite_where=text("revoked_at IS NULL"),
            postgresql_where=text("revoked_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("didimdol_enrolments.id"), index=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revoke_reason: Mapped[str] = mapped_column(String(500), default="")

    enrolment: Mapped[DonorEnrolment] = relationship()
