"""Story campaigns: creating and editing them, entering a story, marking winners.

An entry may be a story still waiting for review (the author should not have to wait for a
moderator to enter it), but only published stories are shown on the campaign page, and only
they can win (see app.stories.campaigns.queries).

Services flush, never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from app.actions import flush_once
from app.clock import seoul_today, utcnow
from app.extensions import db
from app.notifications.models import NotificationKind
from app.notifications.services import local_path, notify
from app.stories import rules
from app.stories.campaigns.errors import CampaignError, NotEnterable
from app.stories.campaigns.queries import CampaignStatus, campaign_status
from app.stories.models import (
    CampaignEntry,
    ModerationAction,
    Story,
    StoryCampaign,
)
from app.stories.moderation.log import log_action

DATES_OUT_OF_ORDER = _l("The last day cannot be before the first day.")


@dataclass(frozen=True)
class CampaignDetails:
    title_ko: str
    title_en: str | None
    theme_ko: str
    theme_en: str | None
    starts_on: date
    ends_on: date


def _apply(campaign: StoryCampaign, details: CampaignDetails) -> None:
    if details.ends_on < details.starts_on:
        raise CampaignError(DATES_OUT_OF_ORDER, field="ends_on")
    campaign.title_ko = details.title_ko
    campaign.title_en = details.title_en or None
    campaign.theme_ko = details.theme_ko
    campaign.theme_en = details.theme_en or None
    campaign.starts_on = details.starts_on
    campaign.ends_on = details.ends_on


def create_campaign(moderator, details: CampaignDetails) -> StoryCampaign:
    campaign = StoryCampaign(created_by=moderator)
    _apply(campaign, details)
    db.session.add(campaign)
    db.session.flush()
    log_action(ModerationAction.CREATE_CAMPAIGN, moderator, campaign=campaign)
    return campaign


def update_campaign(campaign: StoryCampaign, moderator, details: CampaignDetails) -> None:
    _apply(campaign, details)
    db.session.flush()
    log_action(ModerationAction.EDIT_CAMPAIGN, moderator, campaign=campaign)


# --- authors: entering a story -----------------------------------------------------------------


def enter_story(story: Story, campaign: StoryCampaign, user, today: date | None = None) -> None:
    """The author enters their story into a running campaign, once. The checks say which rule
    was broken; `rules.may_enter_campaign` stays the final word."""
    today = today or seoul_today()
    if any(entry.campaign_id == campaign.id for entry in story.campaign_entries):
        raise NotEnterable(
            _l("This story is already entered in “%(campaign)s”.", campaign=campaign.title)
        )
    status = campaign_status(campaign, today)
    if status == CampaignStatus.ENDED:
        raise NotEnterable(
            _l(
                "The campaign “%(campaign)s” has ended: it no longer takes stories.",
                campaign=campaign.title,
            )
        )
    if status == CampaignStatus.UPCOMING:
        raise NotEnterable(
            _l(
                "The campaign “%(campaign)s” has not started yet: enter your story once it "
                "has begun.",
                campaign=campaign.title,
            )
        )
    if story.status not in rules.ENTERABLE:
        raise NotEnterable(_l("Only a published story, or one waiting for review, can be entered."))
    if not rules.may_enter_campaign(user, story, campaign, today):
        raise NotEnterable(_l("This story cannot be entered into that campaign."))
    db.session.add(CampaignEntry(campaign=campaign, story=story))
    flush_once(  # the same entry sent twice at once
        lambda: NotEnterable(
            _l("This story is already entered in “%(campaign)s”.", campaign=campaign.title)
        )
    )


# --- moderators: winners -----------------------------------------------------------------------


def set_winner(entry: CampaignEntry, moderator, winner: bool) -> bool:
    """Mark or unmark a winner; False when it already was so (nothing logged, nobody told).

    Only a published story can win: the campaign page would not show any other. Unmarking is
    always allowed, whatever became of the story since.
    """
    if entry.is_winner == winner:
        return False
    story, campaign = entry.story, entry.campaign
    if winner and not story.is_published:
        raise CampaignError(_l("Only a published story can be a winner."))
    entry.is_winner = winner
    entry.winner_marked_at = utcnow() if winner else None
    action = ModerationAction.MARK_WINNER if winner else ModerationAction.UNMARK_WINNER
    log_action(action, moderator, story=story, campaign=campaign)
    if winner:
        notify(
            story.author,
            NotificationKind.STORY_WINNER,
            link=local_path("stories.campaign", campaign_id=campaign.id),
            subject=_l("Your story is a winner of “%(campaign)s”"),
            body=_l(
                "Congratulations: the moderators chose your story “%(title)s” as a winner of "
                "the story campaign “%(campaign)s”. It is shown at the top of the campaign page."
            ),
            title=lambda: story.title,
            campaign=lambda: campaign.title,
        )
    db.session.flush()
    return True
