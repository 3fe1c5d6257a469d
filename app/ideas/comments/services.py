"""Comments on ideas: posting one, reporting one to the moderators, and moderating them:
hiding one with a reason (shown publicly in its place), dismissing reports of a comment that
may stay. The queue of reported comments: `app.ideas.comments.queries`.

Services flush, never commit; each action checks the comment's state first and raises a
domain error (app.ideas.comments.errors) with a translated message when it no longer applies
(already reported, or another moderator was quicker).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from flask_babel import lazy_gettext as _l
from sqlalchemy import CursorResult, select, update
from sqlalchemy.exc import IntegrityError

from app.accounts.models import User
from app.clock import utcnow
from app.extensions import db
from app.ideas.comments.errors import AlreadyHidden, AlreadyReported, NoOpenReports
from app.ideas.models import CommentReport, Idea, IdeaComment
from app.notifications.models import NotificationKind
from app.notifications.services import local_path, notify

COMMENT_MAX = 2000
REPORT_REASON_MAX = 500
HIDDEN_REASON_MAX = IdeaComment.hidden_reason.type.length  # 500

HIDDEN_SUBJECT = _l("Your comment on “%(title)s” was hidden")
HIDDEN_BODY = _l(
    "A moderator hid your comment on the idea “%(title)s”. This reason is shown in its place: "
    "%(reason)s"
)


# --- posting and reporting -----------------------------------------------------------------------


def add_comment(author: User, idea: Idea, body: str, now: datetime | None = None) -> IdeaComment:
    comment = IdeaComment(
        idea_id=idea.id, author=author, body=body.strip(), created_at=now or utcnow()
    )
    db.session.add(comment)
    db.session.flush()
    return comment


def check_reportable(reporter: User, comment: IdeaComment) -> None:
    """Raise if the comment is hidden already or this reader has reported it. (That it is not
    the reader's own comment is a permission: rules.is_comment_author.)"""
    if comment.is_hidden:
        raise AlreadyHidden()
    already = select(CommentReport.id).where(
        CommentReport.comment_id == comment.id, CommentReport.reporter_id == reporter.id
    )
    if db.session.scalar(already) is not None:
        raise AlreadyReported()


def report_comment(reporter: User, comment: IdeaComment, reason: str) -> CommentReport:
    check_reportable(reporter, comment)
    report = CommentReport(comment_id=comment.id, reporter_id=reporter.id, reason=reason.strip())
    try:
        with db.session.begin_nested():  # the unique constraint settles a race
            db.session.add(report)
    except IntegrityError:
        raise AlreadyReported() from None
    return report


# --- moderating ----------------------------------------------------------------------------------


def _resolve_open_reports(comment: IdeaComment, moderator: User) -> int:
    """Conditional UPDATEs (here and in hide_comment): of two moderators acting at once, the
    second finds nothing left to change, and is told so instead of acting twice."""
    # An UPDATE's result is a CursorResult, which has the rowcount.
    result = cast(
        CursorResult[Any],
        db.session.execute(
            update(CommentReport)
            .where(CommentReport.comment_id == comment.id, CommentReport.resolved_at.is_(None))
            .values(resolved_at=utcnow(), resolved_by_id=moderator.id)
        ),
    )
    return result.rowcount


def hide_comment(comment: IdeaComment, moderator: User, reason: str) -> None:
    """Hide the comment: readers see "Hidden by a moderator: <reason>" where it was. Its open
    reports are settled, and its author is told why, in their language."""
    if comment.is_hidden:
        raise AlreadyHidden()
    hidden = cast(
        CursorResult[Any],
        db.session.execute(
            update(IdeaComment)
            .where(IdeaComment.id == comment.id, IdeaComment.hidden_at.is_(None))
            .values(hidden_at=utcnow(), hidden_by_id=moderator.id, hidden_reason=reason)
        ),
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
