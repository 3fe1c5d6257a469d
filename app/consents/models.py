"""Consent records: one row per consent given (or overridden) for one purpose, dated.

A row never says "yes" by itself: app.consents.services.has_consent reads it on a day, and
fails closed (no row, not yet given, expired, withdrawn, another recipient, an override not
approved). Rows are never deleted or edited in place: a withdrawal stamps the row, a new
consent is a new row, so the history stays readable for staff and for the person.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.clock import utcnow
from app.dbtypes import UTCDateTime, enum_type
from app.extensions import Model
from app.organisations.models import Organisation
from app.vault import EncryptedText


class ConsentPurpose(enum.StrEnum):
    """PIPA asks for a separate consent per purpose (art. 15, 17, 23 and publication)."""

    COLLECTION_AND_USE = "collection_and_use"  # art. 15(1)1
    PROVISION_TO_ORGANISATION = "provision_to_organisation"  # art. 17: to one named recipient
    SENSITIVE_DATA = "sensitive_data"  # art. 23: health and similar
    PUBLICATION = "publication"  # words, a story or a photo shown to everyone
    VOLUNTEERING_RECORD = "volunteering_record"  # Didimdol give-back: volunteering kept


class ConsentMethod(enum.StrEnum):
    SIGNED_PAPER = "signed_paper"
    VERBAL_WITNESSED = "verbal_witnessed"
    ONLINE = "online"
    BY_GUARDIAN = "by_guardian"  # a person under 14: their legal guardian agrees (art. 22-2)
    OTHER = "other"


class LegalBasis(enum.StrEnum):
    """The PIPA provisions under which staff may go ahead without the person's consent."""

    ART_15_1_2 = "art_15_1_2"  # a law requires it
    ART_15_1_3 = "art_15_1_3"  # a public body's duties under a law
    ART_15_1_5 = "art_15_1_5"  # to protect life, body or property in an urgent case
    ART_17_1_2 = "art_17_1_2"  # provision within the purposes of art. 15(1)2, 3 and 5
    ART_18_2 = "art_18_2"  # use or provision beyond the purpose (e.g. 18(2)3 for life)


class ConsentRecord(Model):
    """A data subject's consent for one purpose, or staff's override of its absence.

    The subject is a generic pair (`subject_kind`, `subject_id`): "need" today, a report or a
    beneficiary later; `person_id` names the subject's account when they have one. An override
    row has a legal basis instead of a method, and counts only once another staff member
    (`approved_by`, never the requester `obtained_by`) approved it.
    """

    __tablename__ = "consent_records"
    __table_args__ = (
        Index("ix_consent_records_subject", "subject_kind", "subject_id", "purpose"),
        CheckConstraint(
            "purpose <> 'provision_to_organisation' OR recipient_organisation_id IS NOT NULL",
            name="provision_names_recipient",
        ),
        CheckConstraint(
            "method IS NOT NULL OR legal_basis IS NOT NULL", name="consent_or_legal_basis"
        ),
        CheckConstraint(
            "method IS NULL OR method <> 'by_guardian' OR guardian_relationship <> ''",
            name="guardian_says_relationship",
        ),
        CheckConstraint(
            "approved_by_id IS NULL OR obtained_by_id IS NULL OR approved_by_id <> obtained_by_id",
            name="override_approved_by_another",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_kind: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[int] = mapped_column(Integer)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    purpose: Mapped[ConsentPurpose] = mapped_column(enum_type(ConsentPurpose, "consent_purpose"))
    recipient_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id")  # no cascade: a provision's record outlives its recipient
    )
    notice_version: Mapped[str] = mapped_column(String(40), default="")
    method: Mapped[ConsentMethod | None] = mapped_column(enum_type(ConsentMethod, "consent_method"))
    # Sealed at rest (app.vault): a guardian's relationship and an override's reasons speak of
    # the person; the form bounds their length.
    guardian_relationship: Mapped[str] = mapped_column(
        EncryptedText("consent_records.guardian_relationship"), default=""
    )
    obtained_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    given_on: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    legal_basis: Mapped[LegalBasis | None] = mapped_column(enum_type(LegalBasis, "legal_basis"))
    legal_basis_note: Mapped[str] = mapped_column(
        EncryptedText("consent_records.legal_basis_note"), default=""
    )
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    obtained_by: Mapped[User | None] = relationship(foreign_keys=[obtained_by_id])
    withdrawn_by: Mapped[User | None] = relationship(foreign_keys=[withdrawn_by_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])
    recipient: Mapped[Organisation | None] = relationship()

    @property
    def is_override(self) -> bool:
        return self.legal_basis is not None

    def __repr__(self) -> str:
        return f"<ConsentRecord {self.id} {self.subject_kind}:{self.subject_id} {self.purpose}>"
