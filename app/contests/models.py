"""Consortium project contests: the contest, its criteria and reviewers, proposals by
consortia of organisations, review scores, recusals and decisions.

A contest's phase is not stored: it follows from its three dates (see app.contests.phases), so
no job has to run at midnight for a deadline to hold. Staff who close early, extend, or publish
the results move a date and leave a `ContestDateChange` with their reason.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
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
from app.clock import utcnow
from app.contests.states import (
    DateChangeKind,
    PartnerStatus,
    ProposalStatus,
    RecusalReason,
)
from app.dbtypes import UTCDateTime, enum_type
from app.extensions import Model, db
from app.i18n import in_reader_language
from app.organisations.models import Organisation

# Every criterion is scored on the same scale; its weight says how much it counts.
SCORE_MIN = 0
SCORE_MAX = 10


contest_target_areas = Table(
    "contest_target_areas",
    db.metadata,
    Column("contest_id", ForeignKey("contests.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", ForeignKey("areas.id", ondelete="CASCADE"), primary_key=True),
)

proposal_target_areas = Table(
    "proposal_target_areas",
    db.metadata,
    Column("proposal_id", ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", ForeignKey("areas.id", ondelete="CASCADE"), primary_key=True),
)


class Contest(Model):
    __tablename__ = "contests"
    __table_args__ = (
        CheckConstraint("total_budget > 0", name="total_budget_positive"),
        CheckConstraint(
            "max_per_proposal > 0 AND max_per_proposal <= total_budget",
            name="max_per_proposal_within_budget",
        ),
        CheckConstraint("min_organisations >= 1", name="min_organisations_positive"),
        CheckConstraint("opens_at < closes_at AND closes_at <= results_at", name="dates_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title_ko: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str | None] = mapped_column(String(200))
    description_ko: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str | None] = mapped_column(Text)
    total_budget: Mapped[int] = mapped_column(BigInteger)  # KRW
    max_per_proposal: Mapped[int] = mapped_column(BigInteger)  # KRW
    min_organisations: Mapped[int] = mapped_column(Integer, default=2)  # lead included
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)  # the deadline for proposals
    results_at: Mapped[datetime] = mapped_column(UTCDateTime)  # decisions become public
    # When the consortia were told their results (by the publishing staff member, or by the
    # daily `flask contests announce-results` once the results date has come).
    results_announced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    created_by: Mapped[User | None] = relationship()
    # Empty means the whole city.
    target_areas: Mapped[list[Area]] = relationship(
        secondary=contest_target_areas, order_by="Area.code"
    )
    criteria: Mapped[list[ContestCriterion]] = relationship(
        back_populates="contest", cascade="all, delete-orphan", order_by="ContestCriterion.position"
    )
    reviewers: Mapped[list[ContestReviewer]] = relationship(
        back_populates="contest", cascade="all, delete-orphan"
    )
    date_changes: Mapped[list[ContestDateChange]] = relationship(
        back_populates="contest",
        cascade="all, delete-orphan",
        order_by="ContestDateChange.changed_at",
    )
    proposals: Mapped[list[Proposal]] = relationship(
        back_populates="contest", cascade="all, delete-orphan"
    )

    @property
    def title(self) -> str:
        return in_reader_language(self.title_ko, self.title_en)

    @property
    def description(self) -> str:
        return in_reader_language(self.description_ko, self.description_en)

    def __repr__(self) -> str:
        return f"<Contest {self.id}>"


class ContestCriterion(Model):
    __tablename__ = "contest_criteria"
    __table_args__ = (CheckConstraint("weight > 0 AND weight <= 100", name="weight_in_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(
        ForeignKey("contests.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    name_ko: Mapped[str] = mapped_column(String(160))
    name_en: Mapped[str | None] = mapped_column(String(160))
    weight: Mapped[int] = mapped_column(Integer)  # percent; a contest's weights add up to 100

    contest: Mapped[Contest] = relationship(back_populates="criteria")

    @property
    def name(self) -> str:
        return in_reader_language(self.name_ko, self.name_en)


class ContestDateChange(Model):
    """Staff moved a date by hand: closed early, extended, or published the results."""

    __tablename__ = "contest_date_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(
        ForeignKey("contests.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[DateChangeKind] = mapped_column(enum_type(DateChangeKind, "date_change_kind"))
    old_at: Mapped[datetime] = mapped_column(UTCDateTime)
    new_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(Text)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    contest: Mapped[Contest] = relationship(back_populates="date_changes")
    changed_by: Mapped[User | None] = relationship()


class ContestReviewer(Model):
    __tablename__ = "contest_reviewers"
    __table_args__ = (UniqueConstraint("contest_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(
        ForeignKey("contests.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    contest: Mapped[Contest] = relationship(back_populates="reviewers")
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    assigned_by: Mapped[User | None] = relationship(foreign_keys=[assigned_by_id])


class Proposal(Model):
    """A consortium's project: one lead organisation, supporters who accepted, a budget."""

    __tablename__ = "proposals"
    __table_args__ = (
        # One proposal per lead organisation and contest; a withdrawn one can be resubmitted.
        UniqueConstraint("contest_id", "lead_organisation_id"),
        CheckConstraint("expected_beneficiaries >= 0", name="beneficiaries_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(
        ForeignKey("contests.id", ondelete="CASCADE"), index=True
    )
    lead_organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[ProposalStatus] = mapped_column(
        enum_type(ProposalStatus, "proposal_status"), default=ProposalStatus.DRAFT, index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    expected_beneficiaries: Mapped[int | None] = mapped_column(Integer)
    beneficiaries_description: Mapped[str] = mapped_column(Text, default="")
    timeline: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    contest: Mapped[Contest] = relationship(back_populates="proposals")
    lead_organisation: Mapped[Organisation] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    target_areas: Mapped[list[Area]] = relationship(
        secondary=proposal_target_areas, order_by="Area.code"
    )
    partners: Mapped[list[ProposalPartner]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="ProposalPartner.id"
    )
    budget_lines: Mapped[list[BudgetLine]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="BudgetLine.position"
    )
    attachments: Mapped[list[ProposalAttachment]] = relationship(
        back_populates="proposal",
        cascade="all, delete-orphan",
        order_by="ProposalAttachment.uploaded_at",
    )
    scores: Mapped[list[Score]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan"
    )
    recusals: Mapped[list[Recusal]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan"
    )
    decision: Mapped[Decision | None] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", uselist=False
    )

    @property
    def requested_amount(self) -> int:
        return sum(line.amount for line in self.budget_lines)

    def accepted_partners(self) -> list[ProposalPartner]:
        return [p for p in self.partners if p.status == PartnerStatus.ACCEPTED]

    def consortium(self) -> list[Organisation]:
        """The lead, then the supporters who accepted."""
        return [self.lead_organisation] + [p.organisation for p in self.accepted_partners()]

    def involved_organisations(self) -> list[Organisation]:
        """Everyone with a stake, for recusal: the lead and every supporter not declined."""
        return [self.lead_organisation] + [
            p.organisation for p in self.partners if p.status != PartnerStatus.DECLINED
        ]

    def __repr__(self) -> str:
        return f"<Proposal {self.id} {self.status}>"


class ProposalPartner(Model):
    """A supporting organisation invited into a consortium, with the role it would play."""

    __tablename__ = "proposal_partners"
    __table_args__ = (UniqueConstraint("proposal_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    role_description: Mapped[str] = mapped_column(String(500))
    status: Mapped[PartnerStatus] = mapped_column(
        enum_type(PartnerStatus, "partner_status"), default=PartnerStatus.INVITED
    )
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    responded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    proposal: Mapped[Proposal] = relationship(back_populates="partners")
    organisation: Mapped[Organisation] = relationship()
    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id])
    responded_by: Mapped[User | None] = relationship(foreign_keys=[responded_by_id])


class BudgetLine(Model):
    __tablename__ = "budget_lines"
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    item: Mapped[str] = mapped_column(String(200))
    amount: Mapped[int] = mapped_column(BigInteger)  # KRW

    proposal: Mapped[Proposal] = relationship(back_populates="budget_lines")


class ProposalAttachment(Model):
    """A PDF kept under the upload folder by a random name; its own name is only shown."""

    __tablename__ = "proposal_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    original_name: Mapped[str] = mapped_column(String(200))
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    size_bytes: Mapped[int] = mapped_column(Integer)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="attachments")


class Recusal(Model):
    """A reviewer stands aside from one proposal; kept so the record shows who did not score."""

    __tablename__ = "recusals"
    __table_args__ = (UniqueConstraint("proposal_id", "reviewer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    reason: Mapped[RecusalReason] = mapped_column(enum_type(RecusalReason, "recusal_reason"))
    # The organisation the reviewer belongs to, when the site found the conflict.
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL")
    )
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="recusals")
    reviewer: Mapped[User] = relationship()
    organisation: Mapped[Organisation | None] = relationship()


class Score(Model):
    __tablename__ = "scores"
    __table_args__ = (
        UniqueConstraint("proposal_id", "reviewer_id", "criterion_id"),
        CheckConstraint(f"score >= {SCORE_MIN} AND score <= {SCORE_MAX}", name="score_in_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("contest_criteria.id", ondelete="CASCADE"))
    score: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="scores")
    reviewer: Mapped[User] = relationship()
    criterion: Mapped[ContestCriterion] = relationship()


class Decision(Model):
    """Staff's decision on a submitted proposal; public only from the contest's results date."""

    __tablename__ = "decisions"
    __table_args__ = (
        CheckConstraint("amount_awarded >= 0", name="amount_not_negative"),
        CheckConstraint(
            "(selected AND amount_awarded > 0) OR (NOT selected AND amount_awarded = 0)",
            name="amount_matches_selection",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), unique=True
    )
    selected: Mapped[bool] = mapped_column(Boolean)
    amount_awarded: Mapped[int] = mapped_column(BigInteger, default=0)
    public_reason: Mapped[str] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="decision")
    decided_by: Mapped[User | None] = relationship()
