"""Moderating stories: one function per transition.

Two moderators may open the same story at once. Every action carries the `version` the
moderator's page was rendered from: when it is no longer the story's version, the action
raises `StoryChanged` and changes nothing, so nobody overwrites another's work unseen. Two
requests that read the same version at the same instant get past that check together; then
the version counter on `Story` makes the second UPDATE match no row and SQLAlchemy raises
StaleDataError (the views answer both the same way).

On SQLite the second writer of such a pair may not get that far: in WAL mode a transaction
that read before another committed is refused the write ("database is locked", SQLITE_BUSY),
and `lost_race` counts that as the same conflict when the story's version has moved.

Services flush, never commit.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError

from app.clock import utcnow
from app.extensions import db
from app.notifications.models import NotificationKind
from app.notifications.services import local_path, notify
from app.stories.models import (
    ModerationAction,
    Story,
    StoryRevision,
    StoryStatus,
)
from app.stories.moderation.errors import ModerationError, StoryChanged
from app.stories.moderation.log import log_action

REASON_MAX = 1000  # a rejection or unpublishing reason, told to the author
NOTE_MAX = StoryRevision.note.type.length  # why a moderator edited


# SQLITE_BUSY, and SQLITE_BUSY_SNAPSHOT when extended result codes are on.
_SQLITE_BUSY_CODES = frozenset({5, 517})


def lost_race(error: Exception, version_now: int, version_sent: int | None) -> bool:
    """Whether a failed write means another request changed the story after we read it.

    StaleDataError always does (our UPDATE found the row at another version). SQLite's refusal
    to write from an old snapshot does too, once the story's version has moved on from what
    the moderator sent; a lock that merely timed out leaves it unchanged and stays an error.
    """
    if isinstance(error, StaleDataError):
        return True
    code = getattr(getattr(error, "orig", None), "sqlite_errorcode", None)
    return (
        isinstance(error, OperationalError)
        and code in _SQLITE_BUSY_CODES
        and version_now != version_sent
    )


def _check_version(story: Story, version: int | None) -> None:
    if version != story.version:
        raise StoryChanged()


def _require_status(story: Story, allowed: set[StoryStatus], message) -> None:
    if story.status not in allowed:
        raise ModerationError(message)


def _require_reason(reason: str | None) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ModerationError(_l("Give a reason: the author will read it."))
    if len(reason) > REASON_MAX:
        raise ModerationError(_l("Use at most %(max)d characters.", max=REASON_MAX))
    return reason


def _resolve_open_reports(story: Story, moderator) -> int:
    now = utcnow()
    open_reports = story.open_reports
    for report in open_reports:
        report.resolved_at = now
        report.resolved_by = moderator
    return len(open_reports)


def _tell_author(story: Story, kind: NotificationKind, subject, body, **params) -> None:
    """In the author's language; the link is the story's page, which its author can always
    open (with its status and any reason shown to them there)."""
    notify(
        story.author,
        kind,
        link=local_path("stories.show", story_id=story.id),
        subject=subject,
        body=body,
        title=story.title,
        **params,
    )


# --- transitions ---------------------------------------------------------------------------------


def approve_story(story: Story, moderator, version: int | None) -> None:
    """pending → published; the first approval is the story's publication date."""
    _check_version(story, version)
    _require_status(
        story, {StoryStatus.PENDING}, _l("Only a story waiting for review can be approved.")
    )
    story.status = StoryStatus.PUBLISHED
    story.rejection_reason = None
    if story.published_at is None:
        story.published_at = utcnow()
    log_action(ModerationAction.APPROVE, moderator, story=story)
    _tell_author(
        story,
        NotificationKind.STORY_PUBLISHED,
        _l("Your story “%(title)s” is published"),
        _l("A moderator approved your story “%(title)s”. Everyone can read it now."),
    )


def reject_story(story: Story, moderator, version: int | None, reason: str) -> None:
    """pending → rejected, with a reason the author reads (they may edit and send it again)."""
    _check_version(story, version)
    _require_status(
        story, {StoryStatus.PENDING}, _l("Only a story waiting for review can be rejected.")
    )
    reason = _require_reason(reason)
    story.status = StoryStatus.REJECTED
    story.rejection_reason = reason
    log_action(ModerationAction.REJECT, moderator, story=story, reason=reason)
    _tell_author(
        story,
        NotificationKind.STORY_REJECTED,
        _l("Your story “%(title)s” was not accepted"),
        _l(
            "A moderator did not accept your story “%(title)s” for publication. The reason: "
            "%(reason)s You can change the story and send it again."
        ),
        reason=reason,
    )


def edit_story(
    story: Story, moderator, version: int | None, *, title: str, body: str, note: str
) -> StoryRevision:
    """A moderator changes the words; the text before the change is kept as a revision (the
    first one is the author's original) and the note says why."""
    _check_version(story, version)
    _require_status(
        story,
        set(StoryStatus) - {StoryStatus.WITHDRAWN},
        _l("Its author withdrew this story: it cannot be edited."),
    )
    note = (note or "").strip()
    if not note:
        raise ModerationError(_l("Say why you are changing the story."))
    if title == story.title and body == story.body:
        raise ModerationError(_l("The title and the text are unchanged: there is nothing to save."))
    revision = StoryRevision(
        story=story, title=story.title, body=story.body, edited_by=moderator, note=note
    )
    db.session.add(revision)
    story.title = title
    story.body = body
    log_action(ModerationAction.EDIT, moderator, story=story, reason=note)
    return revision


def feature_story(story: Story, moderator, version: int | None) -> None:
    _check_version(story, version)
    _require_status(story, {StoryStatus.PUBLISHED}, _l("Only a published story can be featured."))
    if story.featured_at is not None:
        raise ModerationError(_l("This story is already featured on the home page."))
    story.featured_at = utcnow()
    log_action(ModerationAction.FEATURE, moderator, story=story)


def unfeature_story(story: Story, moderator, version: int | None) -> None:
    _check_version(story, version)
    if story.featured_at is None:
        raise ModerationError(_l("This story is not featured on the home page."))
    story.featured_at = None
    log_action(ModerationAction.UNFEATURE, moderator, story=story)


def unpublish_story(story: Story, moderator, version: int | None, reason: str) -> None:
    """published or hidden → unpublished: off the site and off the home page; its open reports
    are dealt with."""
    _check_version(story, version)
    _require_status(
        story,
        {StoryStatus.PUBLISHED, StoryStatus.HIDDEN},
        _l("Only a published or hidden story can be unpublished."),
    )
    reason = _require_reason(reason)
    story.status = StoryStatus.UNPUBLISHED
    story.featured_at = None
    _resolve_open_reports(story, moderator)
    log_action(ModerationAction.UNPUBLISH, moderator, story=story, reason=reason)
    _tell_author(
        story,
        NotificationKind.STORY_UNPUBLISHED,
        _l("Your story “%(title)s” was unpublished"),
        _l(
            "A moderator took your story “%(title)s” off the site. The reason: %(reason)s "
            "Nobody else can read it now."
        ),
        reason=reason,
    )


def republish_story(story: Story, moderator, version: int | None) -> None:
    """unpublished → published (its first publication date stays)."""
    _check_version(story, version)
    _require_status(
        story,
        {StoryStatus.UNPUBLISHED},
        _l("Only an unpublished story can be published again."),
    )
    story.status = StoryStatus.PUBLISHED
    log_action(ModerationAction.REPUBLISH, moderator, story=story)
    _tell_author(
        story,
        NotificationKind.STORY_PUBLISHED,
        _l("Your story “%(title)s” is published again"),
        _l("A moderator published your story “%(title)s” again. Everyone can read it now."),
    )


def restore_story(story: Story, moderator, version: int | None) -> None:
    """hidden → published after a moderator reviewed the reports, which are then resolved."""
    _check_version(story, version)
    _require_status(
        story,
        {StoryStatus.HIDDEN},
        _l("Only a story hidden after reports can be restored."),
    )
    story.status = StoryStatus.PUBLISHED
    _resolve_open_reports(story, moderator)
    log_action(ModerationAction.RESTORE, moderator, story=story)
    _tell_author(
        story,
        NotificationKind.STORY_PUBLISHED,
        _l("Your story “%(title)s” is back on the site"),
        _l(
            "A moderator reviewed the reports about your story “%(title)s” and published it "
            "again. Everyone can read it now."
        ),
    )


def dismiss_reports(story: Story, moderator, version: int | None) -> int:
    """A published story stays; its open reports are resolved. How many were open."""
    _check_version(story, version)
    _require_status(
        story,
        {StoryStatus.PUBLISHED},
        _l("Reports can be dismissed only on a published story."),
    )
    if not story.open_reports:
        raise ModerationError(_l("This story has no open reports."))
    count = _resolve_open_reports(story, moderator)
    log_action(ModerationAction.DISMISS_REPORTS, moderator, story=story)
    return count
