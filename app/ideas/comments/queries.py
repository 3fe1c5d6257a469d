"""What is read about comments: an idea's comments, and the moderators' queue of reported
comments with how many await a decision. Read-only."""

from __future__ import annotations

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import case, func, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.ideas.models import CommentReport, Idea, IdeaComment

QUEUE_PER_PAGE = 20


def comments_on(idea: Idea) -> list[IdeaComment]:
    """Oldest first, with what the page asks of each (author, reports) loaded up front."""
    statement = (
        select(IdeaComment)
        .where(IdeaComment.idea_id == idea.id)
        .options(selectinload(IdeaComment.author), selectinload(IdeaComment.reports))
        .order_by(IdeaComment.created_at, IdeaComment.id)
    )
    return list(db.session.scalars(statement))


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
    return (
        db.session.scalar(
            select(func.count(func.distinct(CommentReport.comment_id))).where(
                CommentReport.resolved_at.is_(None)
            )
        )
        or 0
    )
