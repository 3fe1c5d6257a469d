"""Messages to one person, shown on their notifications page and sent by email.

The text is written once, in the recipient's language, when the event happens: the email and
the page then say the same thing, and a later change of the contest's title does not rewrite
what someone was told. The row doubles as the email outbox (`email_status`).
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.clock import utcnow
from app.dbtypes import UTCDateTime, enum_type
from app.extensions import Model


class NotificationKind(enum.StrEnum):
    CONSORTIUM_INVITATION = "consortium_invitation"
    INVITATION_ACCEPTED = "invitation_accepted"
    INVITATION_DECLINED = "invitation_declined"
    PROPOSAL_SUBMITTED = "proposal_submitted"
    PROPOSAL_WITHDRAWN = "proposal_withdrawn"
    REVIEWER_ASSIGNED = "reviewer_assigned"
    RESULTS_PUBLISHED = "results_published"
    STORY_PUBLISHED = "story_published"
    STORY_REJECTED = "story_rejected"
    STORY_UNPUBLISHED = "story_unpublished"
    STORY_HIDDEN = "story_hidden"  # enough readers reported it
    STORY_WINNER = "story_winner"  # marked a winner of a story campaign
    IDEA_ANSWERED = "idea_answered"  # to the author and the supporters
    IDEA_ASSIGNED = "idea_assigned"  # to the staff member who now holds it
    COMMENT_HIDDEN = "comment_hidden"  # to the comment's author
    MATCH_MESSAGE = "match_message"  # to the other side(s) of a match's thread
    # To the other side of an open match whose person deleted their account.
    MATCH_ENDED_ACCOUNT_DELETED = "match_ended_account_deleted"
    NEW_IN_YOUR_AREAS = "new_in_your_areas"  # the daily digest of one's alert subscriptions
    MATCH_PROPOSED = "match_proposed"  # to the side that decides
    MATCH_ACCEPTED = "match_accepted"  # to the proposer
    MATCH_DECLINED = "match_declined"  # to the proposer
    MATCH_WITHDRAWN = "match_withdrawn"  # a proposal withdrawn, or a pin withdrawn: the other side
    MATCH_FULFILLED = "match_fulfilled"  # to both sides
    OFFER_NEED_FULFILLED = "offer_need_fulfilled"  # to other offers once matched with the need
    NEED_EXPIRING = "need_expiring"  # to a need's author, days before it expires
    # The dong inbox (app.reports): number, dong, level and a link only, never a person.
    REPORT_RECEIVED = "report_received"  # to the dong's staff
    REPORT_EMERGENCY = "report_emergency"  # to the dong's staff, triaged an emergency
    REPORT_ESCALATED = "report_escalated"  # to the gu's coordinators, not acknowledged in time


class EmailStatus(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"  # gave up after MAIL_MAX_ATTEMPTS
    NOT_SENT = "not_sent"  # no mail server configured when it was made
    SITE_ONLY = "site_only"  # the recipient reads this kind on the site only (their settings)
    DIGEST = "digest"  # held for the recipient's daily digest
    IN_DIGEST = "in_digest"  # taken into a digest email the worker is sending


class Delivery(enum.StrEnum):
    """How a person wants one kind of notification (app.notifications.preferences)."""

    SITE_ONLY = "site_only"
    EMAIL_AT_ONCE = "email_at_once"
    DAILY_DIGEST = "daily_digest"


class Notification(Model):
    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_user_unread", "user_id", "read_at"),
        Index("ix_notifications_email_status", "email_status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[NotificationKind] = mapped_column(enum_type(NotificationKind, "notification_kind"))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    link: Mapped[str] = mapped_column(String(300))  # a path on this site
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    email_status: Mapped[EmailStatus] = mapped_column(
        enum_type(EmailStatus, "email_status"), default=EmailStatus.PENDING
    )
    email_attempts: Mapped[int] = mapped_column(Integer, default=0)
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(Model):
    """A person's choice for one kind, where it differs from the default (kept in code:
    app.notifications.preferences.DEFAULT_DELIVERY), so a new kind needs no row for anyone."""

    __tablename__ = "notification_preferences"
    __table_args__ = (UniqueConstraint("user_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[NotificationKind] = mapped_column(enum_type(NotificationKind, "notification_kind"))
    delivery: Mapped[Delivery] = mapped_column(enum_type(Delivery, "notification_delivery"))
