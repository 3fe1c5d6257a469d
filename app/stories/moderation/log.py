"""The moderation log: every moderation action, who took it and when (flush, never commit)."""

from __future__ import annotations

from app.extensions import db
from app.stories.models import ModerationAction, ModerationLogEntry, Story, StoryCampaign


def log_action(
    action: ModerationAction,
    moderator,
    *,
    story: Story | None = None,
    campaign: StoryCampaign | None = None,
    reason: str = "",
) -> ModerationLogEntry:
    """`moderator` None means the site acted by itself (a story hidden after reports)."""
    entry = ModerationLogEntry(
        action=action, moderator=moderator, story=story, campaign=campaign, reason=reason or ""
    )
    db.session.add(entry)
    db.session.flush()
    return entry
