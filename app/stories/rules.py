"""Who may do what with success stories: the one place that answers it.

Pure questions, no writes. Views call them through `require(...)`; templates only to hide
buttons (as `story_rules`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from app.permissions import Power, has_power, signed_in
from app.stories.models import Story, StoryCampaign, StoryStatus

# What an author may still change: a story nobody has published yet.
AUTHOR_EDITABLE = frozenset({StoryStatus.PENDING, StoryStatus.REJECTED})
# A story that can be entered into a campaign (a moderator still has to publish it).
ENTERABLE = frozenset({StoryStatus.PENDING, StoryStatus.PUBLISHED})


def is_author(user: Any, story: Story) -> bool:
    return signed_in(user) and story.author_id == user.id


def is_moderator(user: Any) -> bool:
    return has_power(user, Power.MODERATE_CONTENT)


def may_submit_story(user: Any) -> bool:
    return signed_in(user) and user.is_active


def may_view_story(user: Any, story: Story) -> bool:
    """Published stories are public; any other only to its author and the moderators."""
    return story.is_published or is_author(user, story) or is_moderator(user)


def may_edit_own_story(user: Any, story: Story) -> bool:
    """Authors change their story until it is published (a rejected one goes back to the
    queue when edited); after that, only a moderator edits, and the change is logged."""
    return is_author(user, story) and story.status in AUTHOR_EDITABLE


def may_withdraw_story(user: Any, story: Story) -> bool:
    return is_author(user, story) and story.status != StoryStatus.WITHDRAWN


def may_moderate(user: Any) -> bool:
    return is_moderator(user)


def may_report_story(user: Any, story: Story) -> bool:
    """Signed-in readers other than the author, once each, on a published story."""
    return (
        signed_in(user)
        and story.is_published
        and not is_author(user, story)
        and not has_reported(user, story)
    )


def has_reported(user: Any, story: Story) -> bool:
    return signed_in(user) and any(r.reporter_id == user.id for r in story.reports)


def may_manage_campaigns(user: Any) -> bool:
    return is_moderator(user)


def campaign_is_open(campaign: StoryCampaign, today: date) -> bool:
    return campaign.starts_on <= today <= campaign.ends_on


def may_enter_campaign(user: Any, story: Story, campaign: StoryCampaign, today: date) -> bool:
    """The author enters their own story while the campaign runs, once."""
    return (
        is_author(user, story)
        and story.status in ENTERABLE
        and campaign_is_open(campaign, today)
        and all(entry.campaign_id != campaign.id for entry in story.campaign_entries)
    )


# --- the author's photos --------------------------------------------------------------


def may_remove_story_photo(user: Any, story: Story) -> bool:
    """The author may take a photo off their story whatever its status: removing something
    never needs a moderator's review (adding does, so it goes through `may_edit_own_story`)."""
    return is_author(user, story)
