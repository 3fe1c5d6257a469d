"""Didimdol (디딤돌): donor businesses pledge goods and services; welfare facilities issue
vouchers for them to the people they look after; the businesses redeem the vouchers, and each
redemption becomes a donation valued units x unit value.

Who a voucher is for (a beneficiary) is known only inside the issuing facility: the beneficiary's
name and phone are sealed at rest (app.vault), and the redemption side reads a voucher only
through its code's hash, never through the beneficiary. The ledger and the donation records are
append-only (the database refuses UPDATE and DELETE, migration 1240).
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.areas.models import Area
from app.categories.models import Category
from app.clock import utcnow
from app.dbtypes import UTCDateTime, enum_type
from app.extensions import Model, db
from app.organisations.models import Organisation
from app.vault import BlindIndex, EncryptedText


class TargetGroup(enum.StrEnum):
    """Who a pledge is for and who a beneficiary is: the groups of Seoul's welfare programmes."""

    CHILDREN = "children"
    OLDER_ALONE = "older_alone"  # older people living alone
    DISABLED = "disabled"
    LOW_INCOME = "low_income"  # basic livelihood recipients and the near-poor
    MULTICULTURAL = "multicultural"
    OTHER = "other"


class EnrolmentStatus(enum.StrEnum):
    REQUESTED = "requested"
    APPROVED = "approved"
    SUSPENDED = "suspended"
    ENDED = "ended"


class PledgeKind(enum.StrEnum):
    # Receipts (a later part) treat them apart: goods may get a donation receipt, a service a
    # contribution certificate.
    GOODS = "goods"
    SERVICE = "service"


class PledgeStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    PAUSED = "paused"
    ENDED = "ended"


class LeftReason(enum.StrEnum):
    """Why the facility no longer looks after a person (Beneficiary.left_reason)."""

    MOVED_AWAY = "moved_away"
    NO_LONGER_ELIGIBLE = "no_longer_eligible"
    DIED = "died"
    OTHER = "other"
    # Recorded by a consent's withdrawal (app.didimdol.leaving), not chosen on the form:
    CONSENT_WITHDRAWN_BY_PERSON = "consent_withdrawn_by_person"
    CONSENT_WITHDRAWN_BY_GUARDIAN = "consent_withdrawn_by_guardian"


class VoucherStatus(enum.StrEnum):
    ISSUED = "issued"
    REDEEMED = "redeemed"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


class LedgerEventKind(enum.StrEnum):
    ISSUED = "issued"
    REDEEMED = "redeemed"
    REVERSED = "reversed"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


class DonorEnrolment(Model):
    """A business's place in the programme, and its registration number (사업자등록번호),
    sealed and blind-indexed: one enrolment per number, shown only to the programme's officers
    and the business itself."""

    __tablename__ = "didimdol_enrolments"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), unique=True
    )
    business_number: Mapped[str] = mapped_column(
        EncryptedText("didimdol_enrolments.business_number")
    )
    business_number_index: Mapped[str] = mapped_column(BlindIndex, unique=True)
    status: Mapped[EnrolmentStatus] = mapped_column(
        enum_type(EnrolmentStatus, "didimdol_enrolment_status"), default=EnrolmentStatus.REQUESTED
    )
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship()
    history: Mapped[list[EnrolmentChange]] = relationship(
        back_populates="enrolment", order_by="EnrolmentChange.id"
    )


class EnrolmentChange(Model):
    """One dated step of an enrolment (requested, approved, suspended, ended) and who took it."""

    __tablename__ = "didimdol_enrolment_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("didimdol_enrolments.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[EnrolmentStatus] = mapped_column(
        enum_type(EnrolmentStatus, "didimdol_enrolment_status")
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(String(500), default="")

    enrolment: Mapped[DonorEnrolment] = relationship(back_populates="history")
    by: Mapped[User | None] = relationship()


pledge_dongs = Table(
    "didimdol_pledge_dongs",
    db.metadata,
    Column("pledge_id", ForeignKey("didimdol_pledges.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", ForeignKey("areas.id", ondelete="CASCADE"), primary_key=True),
)

facility_dongs = Table(
    "didimdol_facility_dongs",
    db.metadata,
    Column(
        "facility_id", ForeignKey("didimdol_facilities.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("area_id", ForeignKey("areas.id", ondelete="CASCADE"), primary_key=True),
)


class Pledge(Model):
    """A unit a donor gives, so many a month: "a haircut", worth 12,000 won, 10 a month."""

    __tablename__ = "didimdol_pledges"
    __table_args__ = (
        CheckConstraint("unit_value > 0", name="unit_value_positive"),
        CheckConstraint("monthly_capacity > 0", name="capacity_positive"),
        CheckConstraint("valid_until >= valid_from", name="validity_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("didimdol_enrolments.id", ondelete="CASCADE"), index=True
    )
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"), index=True)
    kind: Mapped[PledgeKind] = mapped_column(enum_type(PledgeKind, "didimdol_pledge_kind"))
    unit: Mapped[str] = mapped_column(String(80))
    unit_value: Mapped[int] = mapped_column(Integer)  # won
    monthly_capacity: Mapped[int] = mapped_column(Integer)
    target_groups: Mapped[list[str]] = mapped_column(JSON, default=list)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date)
    how_to_redeem: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[PledgeStatus] = mapped_column(
        enum_type(PledgeStatus, "didimdol_pledge_status"), default=PledgeStatus.DRAFT
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    enrolment: Mapped[DonorEnrolment] = relationship()
    category: Mapped[Category] = relationship()
    dongs: Mapped[list[Area]] = relationship(secondary=pledge_dongs)

    def serves(self, groups: list[str]) -> bool:
        return bool(set(self.target_groups) & set(groups))


class Facility(Model):
    """A welfare organisation the programme designated to issue vouchers, so many a month."""

    __tablename__ = "didimdol_facilities"
    __table_args__ = (CheckConstraint("monthly_quota >= 0", name="quota_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), unique=True
    )
    monthly_quota: Mapped[int] = mapped_column(Integer)
    designated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    designated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship()
    dongs: Mapped[list[Area]] = relationship(secondary=facility_dongs)


class Beneficiary(Model):
    """A person a facility looks after. Name and phone sealed; the row is the facility's alone."""

    __tablename__ = "didimdol_beneficiaries"

    id: Mapped[int] = mapped_column(primary_key=True)
    facility_id: Mapped[int] = mapped_column(
        ForeignKey("didimdol_facilities.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(EncryptedText("didimdol_beneficiaries.name"))
    phone: Mapped[str] = mapped_column(EncryptedText("didimdol_beneficiaries.phone"), default="")
    phone_index: Mapped[str | None] = mapped_column(BlindIndex, index=True)
    birth_year: Mapped[int] = mapped_column(Integer)
    target_groups: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # no longer looked after
    left_reason: Mapped[LeftReason | None] = mapped_column(
        enum_type(LeftReason, "didimdol_left_reason")
    )

    facility: Mapped[Facility] = relationship()


class Voucher(Model):
    """A voucher for one pledge, or for any pledge of a category. Its code is kept as an HMAC
    (looked up by it) and sealed (for the facility to print the slip again); its PIN hashed."""

    __tablename__ = "didimdol_vouchers"
    __table_args__ = (
        CheckConstraint("(pledge_id IS NULL) <> (category_id IS NULL)", name="pledge_or_category"),
        CheckConstraint("units > 0", name="units_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code_index: Mapped[str] = mapped_column(BlindIndex, unique=True)
    code: Mapped[str] = mapped_column(EncryptedText("didimdol_vouchers.code"))
    pin_hash: Mapped[str | None] = mapped_column(String(255))
    facility_id: Mapped[int] = mapped_column(ForeignKey("didimdol_facilities.id"), index=True)
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("didimdol_beneficiaries.id"), index=True)
    pledge_id: Mapped[int | None] = mapped_column(ForeignKey("didimdol_pledges.id"), index=True)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"))
    units: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[VoucherStatus] = mapped_column(
        enum_type(VoucherStatus, "didimdol_voucher_status"), default=VoucherStatus.ISSUED
    )
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    valid_until: Mapped[date] = mapped_column(Date)
    redeemed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    redeemed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    redeemed_pledge_id: Mapped[int | None] = mapped_column(ForeignKey("didimdol_pledges.id"))

    facility: Mapped[Facility] = relationship()
    beneficiary: Mapped[Beneficiary] = relationship()
    pledge: Mapped[Pledge | None] = relationship(foreign_keys=[pledge_id])
    category: Mapped[Category | None] = relationship()
    redeemed_pledge: Mapped[Pledge | None] = relationship(foreign_keys=[redeemed_pledge_id])


class LedgerEvent(Model):
    """One thing that happened to a voucher. Never changed nor removed (a database trigger)."""

    __tablename__ = "didimdol_ledger"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    kind: Mapped[LedgerEventKind] = mapped_column(
        enum_type(LedgerEventKind, "didimdol_ledger_event_kind")
    )
    voucher_id: Mapped[int] = mapped_column(ForeignKey("didimdol_vouchers.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(String(500), default="")


class DonationRecord(Model):
    """What a redemption gave, in won: units x the pledge's unit value on the day. A reversal
    adds a record that cancels it (negative, linked), so sums stay right and nothing is erased."""

    __tablename__ = "didimdol_donations"
    __table_args__ = (UniqueConstraint("cancels_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("didimdol_enrolments.id"), index=True)
    pledge_id: Mapped[int] = mapped_column(ForeignKey("didimdol_pledges.id"))
    voucher_id: Mapped[int] = mapped_column(ForeignKey("didimdol_vouchers.id"), index=True)
    kind: Mapped[PledgeKind] = mapped_column(enum_type(PledgeKind, "didimdol_pledge_kind"))
    units: Mapped[int] = mapped_column(Integer)
    unit_value: Mapped[int] = mapped_column(Integer)
    value: Mapped[int] = mapped_column(Integer)  # negative on a cancelling record
    cancels_id: Mapped[int | None] = mapped_column(ForeignKey("didimdol_donations.id"))


class WrongCode(Model):
    """A code a business typed that matched no voucher: ten in an hour lock its redemptions."""

    __tablename__ = "didimdol_wrong_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("didimdol_enrolments.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


from app.didimdol import receipts_models  # noqa: E402, F401  (receipts and signboards)
