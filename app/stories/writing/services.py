"""The author's side of a story: submitting, editing, withdrawing, photos; and the checks of
what a story is linked to. Services flush, never commit; they raise StoryError with a message
for the form (and the field it belongs to) when a rule is broken (app.stories.writing.errors).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l

from app.accounts.models import User
from app.actions import FileChanges
from app.areas.models import Area
from app.categories.models import Category
from app.clock import utcnow
from app.contests.models import Proposal
from app.contests.rules import is_public_project
from app.extensions import db
from app.matching.models import Match
from app.photos import PreparedPhoto, delete_photo, save_photo
from app.stories.models import Story, StoryLanguage, StoryPhoto, StoryStatus
from app.stories.rules import AUTHOR_EDITABLE
from app.stories.writing.errors import (
    ConsentMissing,
    NotAllowedState,
    NotLinkable,
    StoryChangedMeanwhile,
    TooManyPhotos,
)
from app.stories.writing.queries import linkable_matches


@dataclass(frozen=True)
class StoryDetails:
    """What the author chose in the form."""

    title: str
    body: str
    language: StoryLanguage
    category: Category | None
    area: Area | None
    match: Match | None
    proposal: Proposal | None
    about_other_person: bool
    consent_given: bool


@dataclass(frozen=True)
class NewPhoto:
    prepared: PreparedPhoto  # cleaned by app.photos, not written yet
    alt_text: str


# --- checking and applying the details ----------------------------------------------------------


def _check_details(author: User, details: StoryDetails, story: Story | None) -> None:
    """The links and the consent again, on the server's side: the form's choices may be
    stale, or forged."""
    if details.about_other_person and not details.consent_given:
        raise ConsentMissing(_l("Confirm that you have the person's consent."))
    if details.match is not None and details.proposal is not None:
        raise NotLinkable(_l("Choose one match or one project, not both."))
    kept_match = story is not None and details.match is story.match
    if (
        details.match is not None
        and not kept_match
        and details.match not in linkable_matches(author)
    ):
        raise NotLinkable(_l("Choose one of the listed matches or projects."))
    kept_project = story is not None and details.proposal is story.proposal
    if (
        details.proposal is not None
        and not kept_project
        and not is_public_project(details.proposal)
    ):
        raise NotLinkable(_l("Choose one of the listed matches or projects."))


def _apply(story: Story, details: StoryDetails, now: datetime) -> None:
    story.title = details.title
    story.body = details.body
    story.language = details.language
    story.category = details.category
    story.area = details.area
    story.match = details.match
    story.proposal = details.proposal
    story.about_other_person = details.about_other_person
    if details.about_other_person:
        # Consent is recorded when first confirmed; confirming again keeps that time.
        story.consent_confirmed_at = story.consent_confirmed_at or now
    else:
        story.consent_confirmed_at = None


# --- the author's actions -----------------------------------------------------------------------


def submit_story(author: User, details: StoryDetails, now: datetime | None = None) -> Story:
    """A new story, waiting for a moderator."""
    _check_details(author, details, None)
    now = now or utcnow()
    story = Story(author=author, status=StoryStatus.PENDING, submitted_at=now)
    _apply(story, details, now)
    db.session.add(story)
    db.session.flush()
    return story


def update_own_story(
    story: Story,
    author: User,
    details: StoryDetails,
    version_seen: int | None,
    now: datetime | None = None,
) -> None:
    """The author's changes, while nobody has published the story. A rejected story goes back
    to the queue; its rejection reason stays on record (the author's pages show it only while
    the story is rejected). A story changed (or published) since the author's form was drawn
    is not overwritten: `StoryChangedMeanwhile`."""
    if version_seen != story.version or story.status not in AUTHOR_EDITABLE:
        raise StoryChangedMeanwhile()
    _check_details(author, details, story)
    now = now or utcnow()
    _apply(story, details, now)
    if story.status == StoryStatus.REJECTED:
        story.status = StoryStatus.PENDING
        story.submitted_at = now  # back in the queue as a new submission
    db.session.flush()  # raises StaleDataError if a moderator changed it since it was read


def withdraw_story(story: Story) -> None:
    """The author takes the story off the site, whatever its state; it is no longer featured."""
    if story.status == StoryStatus.WITHDRAWN:
        raise NotAllowedState(_l("This story is already withdrawn."))
    story.status = StoryStatus.WITHDRAWN
    story.featured_at = None
    db.session.flush()


# --- photos -------------------------------------------------------------------------------------


def photo_files() -> FileChanges:
    """The photo files an action writes or replaces, for `attempt(..., files=...)`."""
    return FileChanges(delete_photo)


def add_photos(story: Story, photos: Sequence[NewPhoto], files: FileChanges) -> None:
    """Write the cleaned photos and attach them. Call it last, once every other check has
    passed: the files written are recorded in `files`, and go again if the commit fails."""
    if not photos:
        return
    limit = int(current_app.config["STORY_PHOTOS_MAX"])
    if len(story.photos) + len(photos) > limit:
        raise TooManyPhotos(_l("A story has at most %(max)d photos.", max=limit))
    for photo in photos:
        name = files.wrote(save_photo(photo.prepared, field="photos"))
        story.photos.append(
            StoryPhoto(file_name=name, alt_text=photo.alt_text, position=len(story.photos))
        )
    db.session.flush()


def remove_photo(story: Story, photo: StoryPhoto, files: FileChanges) -> None:
    """Detach a photo; its file goes once the change is committed (recorded in `files`)."""
    story.photos.remove(photo)
    for position, kept in enumerate(story.photos):
        kept.position = position
    db.session.flush()
    files.drop(photo.file_name)
