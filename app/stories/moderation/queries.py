"""What moderators read: the queue, its counts, and the moderation log (read-only)."""

from __future__ import annotations

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, select

from app.extensions import db
from app.stories.models import ModerationLogEntry, Story, StoryReport, StoryStatus

# The statuses the queue lists, in the order of its tabs.
QUEUE_STATUSES = (
    StoryStatus.PENDING,
    StoryStatus.HIDDEN,
    StoryStatus.PUBLISHED,
    StoryStatus.REJECTED,
    StoryStatus.UNPUBLISHED,
)


QUEUE_PER_PAGE = 25


LOG_PER_PAGE = 50


def queue(status: StoryStatus, page: int = 1) -> Pagination:
    """Stories with this status. Pending ones oldest first (who waited longest comes first),
    hidden ones hidden longest first, the others most recently changed first."""
    statement = select(Story).where(Story.status == status)
    if status == StoryStatus.PENDING:
        statement = statement.order_by(Story.submitted_at, Story.id)
    elif status == StoryStatus.HIDDEN:
        statement = statement.order_by(Story.updated_at, Story.id)
    elif status == StoryStatus.PUBLISHED:
        statement = statement.order_by(Story.published_at.desc(), Story.id.desc())
    else:
        statement = statement.order_by(Story.updated_at.desc(), Story.id.desc())
    return db.paginate(statement, page=page, per_page=QUEUE_PER_PAGE, error_out=False)


def queue_counts() -> dict[StoryStatus, int]:
    rows = db.session.execute(
        select(Story.status, func.count(Story.id))
        .where(Story.status.in_(QUEUE_STATUSES))
        .group_by(Story.status)
    )
    counts = dict.fromkeys(QUEUE_STATUSES, 0)
    counts.update({StoryStatus(status): count for status, count in rows})
    return counts


def open_report_counts(stories: list[Story]) -> dict[int, int]:
    """Open reports per story id, in one query for a page of the queue."""
    ids = [story.id for story in stories]
    if not ids:
        return {}
    rows = db.session.execute(
        select(StoryReport.story_id, func.count(StoryReport.id))
        .where(StoryReport.story_id.in_(ids), StoryReport.resolved_at.is_(None))
        .group_by(StoryReport.story_id)
    )
    return dict(rows.all())


def _log_statement(story_id: int | None = None):
    statement = select(ModerationLogEntry).order_by(
        ModerationLogEntry.created_at.desc(), ModerationLogEntry.id.desc()
    )
    if story_id is not None:
        statement = statement.where(ModerationLogEntry.story_id == story_id)
    return statement


def moderation_log(page: int = 1, story_id: int | None = None) -> Pagination:
    """Every moderation action, newest first; only one story's when `story_id` is given."""
    return db.paginate(_log_statement(story_id), page=page, per_page=LOG_PER_PAGE, error_out=False)


def story_log(story: Story, limit: int | None = None) -> list[ModerationLogEntry]:
    statement = _log_statement(story.id)
    if limit is not None:
        statement = statement.limit(limit)
    return list(db.session.scalars(statement))
