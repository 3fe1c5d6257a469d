"""Success stories: accounts of help given, written by anyone, published by moderators.

A story is about people, often a neighbour in need. Nothing goes public until a moderator has
read it; when it tells about another person, the author has confirmed that person's consent
(`consent_confirmed_at`). Its place is an area (gu or dong), never a point.

Two moderators may open the same story at once: `version` is SQLAlchemy's version counter, so
an UPDATE written from a stale read fails instead of silently overwriting the other's work, and
forms carry the version they were rendered from (see app.stories.moderation.services).
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.areas.models import Area
from app.categories.models import Category
from app.clock import utcnow
from app.contests.models import Proposal
from app.dbtypes import UTCDateTime, enum_type
from app.extensions import Model
from app.i18n import in_reader_language
from app.matching.models import Match


class StoryStatus(enum.StrEnum):
    PENDING = "pending"  # waiting for a moderator
    PUBLISHED = "published"
    REJECTED = "rejected"  # with a reason the author sees; the author may edit and resubmit
    HIDDEN = "hidden"  # reported by enough readers: off the site until a moderator looks
    UNPUBLISHED = "unpublished"  # taken down by a moderator
    WITHDRAWN = "withdrawn"  # taken down by its author


class StoryLanguage(enum.StrEnum):
    KO = "ko"
    EN = "en"


class ModerationAction(enum.StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    EDIT = "edit"
    FEATURE = "feature"
    UNFEATURE = "unfeature"
    UNPUBLISH = "unpublish"
    REPUBLISH = "republish"
    HIDE_BY_REPORTS = "hide_by_reports"  # automatic: no moderator
    RESTORE = "restore"  # a hidden story back after its reports were reviewed
    DISMISS_REPORTS = "dismiss_reports"
    CREATE_CAMPAIGN = "create_campaign"
    EDIT_CAMPAIGN = "edit_campaign"
    MARK_WINNER = "mark_winner"
    UNMARK_WINNER = "unmark_winner"


class Story(Model):
    __tablename__ = "stories"
    __table_args__ = (
        CheckConstraint(
            "NOT about_other_person OR consent_confirmed_at IS NOT NULL",
            name="consent_for_other_person",
        ),
        Index("ix_stories_status_published_at", "status", "published_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(150))
    body: Mapped[str] = mapped_column(Text)  # Markdown; rendered and sanitised on output
    language: Mapped[StoryLanguage] = mapped_column(enum_type(StoryLanguage, "story_language"))
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("categories.id", ondelete="SET NULL"), index=True
    )
    area_id: Mapped[int | None] = mapped_column(
        ForeignKey("areas.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[StoryStatus] = mapped_column(
        enum_type(StoryStatus, "story_status"), default=StoryStatus.PENDING
    )
    about_other_person: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # What the story is about, if anything on the site: a fulfilled match, a funded project.
    match_id: Mapped[int | None] = mapped_column(ForeignKey("matches.id", ondelete="SET NULL"))
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id", ondelete="SET NULL"))
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    featured_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # on the home page
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # first approval
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}

    author: Mapped[User] = relationship()
    category: Mapped[Category | None] = relationship()
    area: Mapped[Area | None] = relationship()
    match: Mapped[Match | None] = relationship()
    proposal: Mapped[Proposal | None] = relationship()
    photos: Mapped[list[StoryPhoto]] = relationship(
        back_populates="story", cascade="all, delete-orphan", order_by="StoryPhoto.position"
    )
    revisions: Mapped[list[StoryRevision]] = relationship(
        back_populates="story", cascade="all, delete-orphan", order_by="StoryRevision.edited_at"
    )
    reports: Mapped[list[StoryReport]] = relationship(
        back_populates="story", cascade="all, delete-orphan", order_by="StoryReport.created_at"
    )
    campaign_entries: Mapped[list[CampaignEntry]] = relationship(
        back_populates="story", cascade="all, delete-orphan"
    )

    @property
    def is_published(self) -> bool:
        return self.status == StoryStatus.PUBLISHED

    @property
    def is_featured(self) -> bool:
        return self.featured_at is not None and self.is_published

    @property
    def open_reports(self) -> list[StoryReport]:
        return [r for r in self.reports if r.resolved_at is None]

    def __repr__(self) -> str:
        return f"<Story {self.id} {self.status}>"


class StoryPhoto(Model):
    """A photo of a story, cleaned by app.photos (no EXIF), stored under a random name."""

    __tablename__ = "story_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), index=True)
    file_name: Mapped[str] = mapped_column(String(80), unique=True)
    # Read out by screen readers; the author describes what the photo shows.
    alt_text: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    story: Mapped[Story] = relationship(back_populates="photos")


class StoryRevision(Model):
    """The text of a story as it was before a moderator edited it: the first one is the
    author's original."""

    __tablename__ = "story_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(150))
    body: Mapped[str] = mapped_column(Text)
    edited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    edited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str] = mapped_column(String(500), default="")  # why the moderator edited

    story: Mapped[Story] = relationship(back_populates="revisions")
    edited_by: Mapped[User | None] = relationship()


class StoryReport(Model):
    """A reader's report of a published story; one per reader per story."""

    __tablename__ = "story_reports"
    __table_args__ = (UniqueConstraint("story_id", "reporter_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), index=True)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set when a moderator has dealt with it (restored, unpublished, or dismissed the reports).
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    story: Mapped[Story] = relationship(back_populates="reports")
    reporter: Mapped[User] = relationship(foreign_keys=[reporter_id])
    resolved_by: Mapped[User | None] = relationship(foreign_keys=[resolved_by_id])


class StoryCampaign(Model):
    """A story call: moderators invite stories on a theme between two dates (Seoul days,
    both included) and mark winners."""

    __tablename__ = "story_campaigns"
    __table_args__ = (CheckConstraint("starts_on <= ends_on", name="dates_in_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title_ko: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str | None] = mapped_column(String(200))
    theme_ko: Mapped[str] = mapped_column(Text, default="")
    theme_en: Mapped[str | None] = mapped_column(Text)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    created_by: Mapped[User | None] = relationship()
    entries: Mapped[list[CampaignEntry]] = relationship(
        back_populates="campaign", cascade="all, delete-orphan", order_by="CampaignEntry.entered_at"
    )

    @property
    def title(self) -> str:
        return in_reader_language(self.title_ko, self.title_en)

    @property
    def theme(self) -> str:
        return in_reader_language(self.theme_ko, self.theme_en)


class CampaignEntry(Model):
    __tablename__ = "story_campaign_entries"
    __table_args__ = (UniqueConstraint("campaign_id", "story_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("story_campaigns.id", ondelete="CASCADE"), index=True
    )
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), index=True)
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    is_winner: Mapped[bool] = mapped_column(Boolean, default=False)
    winner_marked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    campaign: Mapped[StoryCampaign] = relationship(back_populates="entries")
    story: Mapped[Story] = relationship(back_populates="campaign_entries")


class ModerationLogEntry(Model):
    """Who did what to a story or a campaign, and when; shown to moderators.

    `moderator` is None for what the site did itself (hiding a story after enough reports).
    """

    __tablename__ = "moderation_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    action: Mapped[ModerationAction] = mapped_column(
        enum_type(ModerationAction, "moderation_action")
    )
    story_id: Mapped[int | None] = mapped_column(
        ForeignKey("stories.id", ondelete="CASCADE"), index=True
    )
    campaign_id: Mapped[int | None] = mapped_column(
        ForeignKey("story_campaigns.id", ondelete="CASCADE"), index=True
    )
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    story: Mapped[Story | None] = relationship()
    campaign: Mapped[StoryCampaign | None] = relationship()
    moderator: Mapped[User | None] = relationship()
