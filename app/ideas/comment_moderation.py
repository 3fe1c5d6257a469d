"""Moderating comments on ideas: the queue of reported comments, hiding one with a reason
(shown publicly in its place), and dismissing reports of a comment that may stay.

Services flush, never commit; each action checks the comment's state first and raises a
ModerationError with a translated message when it no longer applies (another moderator was
quicker).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import case, func, select, update
from sqlalchemy.orm import selectinload

from app.accounts.models import User
from app.clock import utcnow
from app.extensions import db
from app.ideas.models import CommentReport, IdeaComment
from app.notifications.models import NotificationKind
from app.notifications.services import local_path, notify

HIDDEN_REASON_MAX = IdeaComment.hidden_reason.type.length  # 500
QUEUE_PER_PAGE = 20

HIDDEN_SUBJECT = _l("Your comment on “%(title)s” was hidden")
HIDDEN_BODY = _l(
    "A moderator hid your comment on the idea “%(title)s”. This reason is shown in its place: "
    "%(reason)s"
)


class ModerationError(Exception):
    message = _l("This cannot be done now.")

    def __init__(self, message=None) -> None:
        if message is not None:
            self.message = message
        super().__init__(str(self.message))


class AlreadyHidden(ModerationError):
    message = _l("This comment is already hidden.")


class NoOpenReports(ModerationError):
    message = _l("This comment has no open reports to dismiss.")


def _resolve_open_reports(comment: IdeaComment, moderator: User) -> int:
    """Conditional UPDATEs (here and in hide_comment): of two moderators acting at once, the
    second finds nothing left to change, and is told so instead of acting twice."""
    result = db.session.execute(
        update(CommentReport)
        .where(CommentReport.comment_id == comment.id, CommentReport.resolved_at.is_(None))
        .values(resolved_at=utcnow(), resolved_by_id=moderator.id)
    )
    return result.rowcount


def hide_comment(comment: IdeaComment, moderator: User, reason: str) -> None:
    """Hide the comment: readers see "Hidden by a moderator: <reason>" where it was. Its open
    reports are settled, and its author is told why, in their language."""
    if comment.is_hidden:
        raise AlreadyHidden()
    hidden = db.session.execute(
        update(IdeaComment)
        .where(IdeaComment.id == comment.id, IdeaComment.hidden_at.is_(None))
        .values(hidden_at=utcnow(), hidden_by_id=moderator.id, hidden_reason=reason)
    )
    if hidden.rowcount != 1:
        raise AlreadyHidden()
    _resolve_open_reports(comment, moderator)
    db.session.expire(comment)
    idea = comment.idea
    notify(
        comment.author,
        NotificationKind.COMMENT_HIDDEN,
        link=local_path("ideas.show", idea_id=idea.id) + f"#comment-{comment.id}",
        subject=HIDDEN_SUBJECT,
        body=HIDDEN_BODY,
        title=idea.title,
        reason=reason,
    )
    db.session.flush()


def dismiss_reports(comment: IdeaComment, moderator: User) -> int:
    """The comment stays: its open reports are settled. How many there were."""
    dismissed = _resolve_open_reports(comment, moderator)
    if not dismissed:
        raise NoOpenReports()
    db.session.expire(comment)
    return dismissed


# --- the queue -----------------------------------------------------------------------------------


def reported_comments(page: int = 1) -> Pagination:
    """Every comment that was ever reported: those with open reports first (the most recently
    reported first), then the settled ones, for the record."""
    open_reports = (
        select(
            CommentReport.comment_id,
            func.count(CommentReport.id).label("open_count"),
        )
        .where(CommentReport.resolved_at.is_(None))
        .group_by(CommentReport.comment_id)
        .subquery()
    )
    all_reports = (
        select(
            CommentReport.comment_id,
            func.max(CommentReport.created_at).label("latest"),
        )
        .group_by(CommentReport.comment_id)
        .subquery()
    )
    statement = (
        select(IdeaComment)
        .join(all_reports, all_reports.c.comment_id == IdeaComment.id)
        .outerjoin(open_reports, open_reports.c.comment_id == IdeaComment.id)
        .options(
            selectinload(IdeaComment.reports).selectinload(CommentReport.reporter),
            selectinload(IdeaComment.idea),
            selectinload(IdeaComment.author),
            selectinload(IdeaComment.hidden_by),
        )
        .order_by(
            case((open_reports.c.open_count.is_(None), 1), else_=0),
            all_reports.c.latest.desc(),
            IdeaComment.id.desc(),
        )
    )
    return db.paginate(statement, page=page, per_page=QUEUE_PER_PAGE, error_out=False)


def comments_awaiting_moderation() -> int:
    """How many comments have at least one open report."""
    return db.session.scalar(
        select(func.count(func.distinct(CommentReport.comment_id))).where(
            CommentReport.resolved_at.is_(None)
        )
    )
