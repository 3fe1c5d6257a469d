"""What the author's actions refuse: a rule the story form could not check by itself (or that
changed since it was drawn). `field` names the form field the message belongs to, or None for
the whole form."""

from __future__ import annotations

from app.errors import Conflict, DomainError


class StoryError(DomainError):
    """A rule about the author's story is broken; nothing of the action is kept."""


class NotLinkable(StoryError):
    field = "link"


class ConsentMissing(StoryError):
    field = "consent"


class TooManyPhotos(StoryError):
    field = "photos"


class NotAllowedState(StoryError):
    field = None


class StoryChangedMeanwhile(StoryError, Conflict):
    """A moderator changed (or published) the story since the author's form was drawn."""
