"""Citizens' ideas for welfare policy, and how the city answers them.

An idea moves received → under review → answered (adopted, partly adopted, not adopted), and
the official response is public. What staff do on the way — which department and person hold
it, their internal notes, the history of assignments — is never public: only the idea, its
status, dates, the answering department and the response are.

Each idea is due a response `due_on` (a Seoul day, IDEA_RESPONSE_DAYS after it arrived); the
accountability page counts how many were answered by then.
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
from app.dbtypes import BilingualName, UTCDateTime, enum_type
from app.extensions import Model


class IdeaStatus(enum.StrEnum):
    RECEIVED = "received"
    UNDER_REVIEW = "under_review"
    ANSWERED = "answered"


class IdeaOutcome(enum.StrEnum):
    ADOPTED = "adopted"
    PARTLY_ADOPTED = "partly_adopted"
    NOT_ADOPTED = "not_adopted"


class IdeaEventKind(enum.StrEnum):
    RECEIVED = "received"
    STATUS_CHANGED = "status_changed"
    ASSIGNED = "assigned"
    ANSWERED = "answered"
    RESPONSE_EDITED = "response_edited"


class Department(BilingualName, Model):
    """A city department that answers ideas (e.g. the Welfare Policy Division)."""

    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    name_ko: Mapped[str] = mapped_column(String(120), unique=True)
    name_en: Mapped[str | None] = mapped_column(String(120))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Idea(Model):
    __tablename__ = "ideas"
    __table_args__ = (
        # Answered exactly when there is an outcome and a response.
        CheckConstraint(
            "(status = 'answered') = (outcome IS NOT NULL AND response IS NOT NULL "
            "AND answered_at IS NOT NULL)",
            name="answered_has_response",
        ),
        Index("ix_ideas_status_due_on", "status", "due_on"),
        Index("ix_ideas_created_at", "created_at"),
        # /ideas?sort=supported (and with a status filter) reads ideas in this order from the
        # index instead of counting every idea's supports per request.
        Index("ix_ideas_supported", "support_count", "created_at", "id"),
        Index("ix_ideas_status_supported", "status", "support_count", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(150))
    body: Mapped[str] = mapped_column(Text)  # plain text; shown escaped, line breaks kept
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"), index=True)
    area_id: Mapped[int | None] = mapped_column(
        ForeignKey("areas.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[IdeaStatus] = mapped_column(
        enum_type(IdeaStatus, "idea_status"), default=IdeaStatus.RECEIVED
    )
    outcome: Mapped[IdeaOutcome | None] = mapped_column(enum_type(IdeaOutcome, "idea_outcome"))
    due_on: Mapped[date] = mapped_column(Date)
    # Internal: who holds the idea. Never shown publicly.
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id", ondelete="SET NULL"), index=True
    )
    assignee_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # The official response, public once answered, with the department that gave it.
    response: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    answering_department_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id", ondelete="SET NULL")
    )
    review_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Kept in step with idea_supports by app.ideas.citizens.services (an UPDATE … ± 1 in the
    # supporting transaction), so that lists sort and show it without counting supports.
    support_count: Mapped[int] = mapped_column(
        Integer, nullable=False, default=0, server_default="0"
    )
    # Two staff members working on the same idea: a write from a stale read fails.
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}

    author: Mapped[User] = relationship(foreign_keys=[author_id])
    category: Mapped[Category] = relationship()
    area: Mapped[Area | None] = relationship()
    department: Mapped[Department | None] = relationship(foreign_keys=[department_id])
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])
    answering_department: Mapped[Department | None] = relationship(
        foreign_keys=[answering_department_id]
    )
    supports: Mapped[list[IdeaSupport]] = relationship(
        back_populates="idea", cascade="all, delete-orphan"
    )
    comments: Mapped[list[IdeaComment]] = relationship(
        back_populates="idea", cascade="all, delete-orphan", order_by="IdeaComment.created_at"
    )
    notes: Mapped[list[IdeaNote]] = relationship(
        back_populates="idea", cascade="all, delete-orphan", order_by="IdeaNote.created_at"
    )
    events: Mapped[list[IdeaEvent]] = relationship(
        back_populates="idea", cascade="all, delete-orphan", order_by="IdeaEvent.created_at"
    )

    @property
    def is_answered(self) -> bool:
        return self.status == IdeaStatus.ANSWERED

    def is_overdue(self, today: date) -> bool:
        return not self.is_answered and today > self.due_on

    def __repr__(self) -> str:
        return f"<Idea {self.id} {self.status}>"


class IdeaSupport(Model):
    """One citizen's support of an idea; withdrawn by deleting the row."""

    __tablename__ = "idea_supports"

    idea_id: Mapped[int] = mapped_column(
        ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    idea: Mapped[Idea] = relationship(back_populates="supports")
    user: Mapped[User] = relationship()


class IdeaComment(Model):
    """A public comment. A moderator may hide it: the reason then shows in its place."""

    __tablename__ = "idea_comments"
    __table_args__ = (
        CheckConstraint("(hidden_at IS NULL) = (hidden_reason IS NULL)", name="hidden_has_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    hidden_reason: Mapped[str | None] = mapped_column(String(500))

    idea: Mapped[Idea] = relationship(back_populates="comments")
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    hidden_by: Mapped[User | None] = relationship(foreign_keys=[hidden_by_id])
    reports: Mapped[list[CommentReport]] = relationship(
        back_populates="comment", cascade="all, delete-orphan", order_by="CommentReport.created_at"
    )

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def open_reports(self) -> list[CommentReport]:
        return [r for r in self.reports if r.resolved_at is None]


class CommentReport(Model):
    """A reader's report of a comment; one per reader per comment."""

    __tablename__ = "idea_comment_reports"
    __table_args__ = (UniqueConstraint("comment_id", "reporter_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(
        ForeignKey("idea_comments.id", ondelete="CASCADE"), index=True
    )
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # hidden or dismissed
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    comment: Mapped[IdeaComment] = relationship(back_populates="reports")
    reporter: Mapped[User] = relationship(foreign_keys=[reporter_id])
    resolved_by: Mapped[User | None] = relationship(foreign_keys=[resolved_by_id])


class IdeaNote(Model):
    """Staff's internal note on an idea. Never public, in no page, feed or export."""

    __tablename__ = "idea_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    idea: Mapped[Idea] = relationship(back_populates="notes")
    author: Mapped[User | None] = relationship()


class IdeaEvent(Model):
    """The staff-side history of an idea: status changes, assignments, the answer (internal)."""

    __tablename__ = "idea_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    kind: Mapped[IdeaEventKind] = mapped_column(enum_type(IdeaEventKind, "idea_event_kind"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    from_status: Mapped[IdeaStatus | None] = mapped_column(
        enum_type(IdeaStatus, "idea_event_from_status")
    )
    to_status: Mapped[IdeaStatus | None] = mapped_column(
        enum_type(IdeaStatus, "idea_event_to_status")
    )
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id", ondelete="SET NULL")
    )
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    idea: Mapped[Idea] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    department: Mapped[Department | None] = relationship()
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
