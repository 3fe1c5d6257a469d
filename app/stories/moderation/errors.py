"""What a moderator's action refuses: an action that does not apply to the story as it is, or a
story that changed since the moderator's page was rendered."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.errors import Conflict, DomainError

CONFLICT_MESSAGE = _l(
    "Another moderator (or the author) changed this story while you were looking at it, so "
    "nothing you sent was saved. Below is the story as it is now, with what was done to it; "
    "check it and act again if you still need to."
)


class ModerationError(DomainError):
    """An action that does not apply to the story as it is; `message` says why."""


class StoryChanged(ModerationError, Conflict):
    """The story changed since the moderator's page was rendered: nothing was done."""

    message = CONFLICT_MESSAGE
