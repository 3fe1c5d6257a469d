"""Readers' reports: a signed-in reader tells the moderators what is wrong with a published
story, once. When STORY_REPORTS_TO_HIDE reports are open, the site hides the story by itself
until a moderator has looked (app.stories.moderation.services restores it or takes it down,
and closes the reports).

Two readers may report at the same moment. Each counts the open reports after writing their
own, holding the story: the second waits until the first has committed, so its count includes
the first report and the threshold is never missed. On PostgreSQL the story's row is locked
(`SELECT … FOR UPDATE`). SQLite has no row locks but one writer at a time: a write as the
transaction's first statement waits (busy_timeout) for the other writer, and what is read after
it is current. So `report_story` must begin a transaction: the view commits the reading part of
its request (the permission checks) before calling it. (A write after a read would be refused
at once, not waited for, if another request wrote in between.)

Services flush, never commit.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale, ngettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, inspect, select, text
from sqlalchemy.exc import IntegrityError

from app.accounts.models import User
from app.extensions import db
from app.notifications.models import NotificationKind
from app.notifications.services import local_path, notify
from app.stories.models import ModerationAction, Story, StoryReport, StoryStatus
from app.stories.moderation.log import log_action
from app.stories.reading.errors import AlreadyReported, NotReportable, ReasonInvalid

REASON_MAX = StoryReport.reason.type.length  # 500


@dataclass(frozen=True)
class ReportOutcome:
    report: StoryReport
    open_reports: int
    hidden: bool  # this report was the one that hid the story


def _locked(story: Story) -> Story:
    """The story, held until the transaction ends, and read afresh: another request may have
    hidden it, or this reader may have reported it, since this request first read it."""
    identity = inspect(story).identity
    assert identity is not None  # a story from the database is persistent: it has its key
    story_id = identity[0]  # without loading it: SQLite's write must come first
    if db.session.get_bind().dialect.name == "sqlite":
        # Takes the database's write lock; changes nothing (no version, no updated_at).
        db.session.execute(text("UPDATE stories SET id = id WHERE id = :id"), {"id": story_id})
    statement = (
        select(Story)
        .where(Story.id == story_id)
        .with_for_update()  # PostgreSQL; SQLite leaves the clause out
        .execution_options(populate_existing=True)
    )
    return db.session.scalars(statement).one()


def _clean_reason(reason: str | None) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ReasonInvalid(_l("Say what is wrong with the story."))
    if len(reason) > REASON_MAX:
        raise ReasonInvalid(_l("Use at most %(max)d characters.", max=REASON_MAX))
    return reason


def has_reported(story: Story, reader: User) -> bool:
    """Asked of the database, not of `story.reports`, which may have been loaded before
    another request of the same reader wrote theirs."""
    statement = select(StoryReport.id).where(
        StoryReport.story_id == story.id, StoryReport.reporter_id == reader.id
    )
    return db.session.scalar(statement) is not None


def count_open_reports(story: Story) -> int:
    statement = select(func.count(StoryReport.id)).where(
        StoryReport.story_id == story.id, StoryReport.resolved_at.is_(None)
    )
    return db.session.scalar(statement) or 0


def report_story(story: Story, reader: User, reason: str) -> ReportOutcome:
    """Record the reader's report; hide the story when enough reports are open."""
    reason = _clean_reason(reason)
    story = _locked(story)
    if story.status != StoryStatus.PUBLISHED or story.author_id == reader.id:
        raise NotReportable()
    if has_reported(story, reader):
        raise AlreadyReported()
    report = StoryReport(story=story, reporter=reader, reason=reason)
    db.session.add(report)
    try:
        db.session.flush()
    except IntegrityError:
        # The same reader's other request wrote its report first (one per reader).
        raise AlreadyReported() from None
    open_reports = count_open_reports(story)
    hidden = open_reports >= current_app.config["STORY_REPORTS_TO_HIDE"]
    if hidden:
        hide_after_reports(story, open_reports)
    return ReportOutcome(report=report, open_reports=open_reports, hidden=hidden)


def hide_after_reports(story: Story, open_reports: int) -> None:
    """published → hidden, by the site itself. `featured_at` stays: if a moderator restores
    the story it is featured again; meanwhile it is off every public page and the feed.
    Changing the status bumps the story's version, so a moderator's page from before is
    told that the story changed."""
    story.status = StoryStatus.HIDDEN
    db.session.flush()
    # The log keeps one text for every reader of it: the site's own language.
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        reason = ngettext(
            "%(num)d open report from readers", "%(num)d open reports from readers", open_reports
        )
    log_action(ModerationAction.HIDE_BY_REPORTS, None, story=story, reason=reason)
    notify(
        story.author,
        NotificationKind.STORY_HIDDEN,
        link=local_path("stories.show", story_id=story.id),
        subject=_l("Your story “%(title)s” is hidden until a moderator has looked at it"),
        body=_l(
            "Readers reported your story “%(title)s”, so it is off the site until a moderator "
            "has read it again. You will be told what the moderator decides. Only you and the "
            "moderators can open it meanwhile."
        ),
        title=story.title,
    )
