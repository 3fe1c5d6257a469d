"""Finding campaigns and their entries, and where a campaign stands (read-only).

Dates are Seoul days, both included: a campaign ending on 31 May takes stories until midnight
in Seoul, whatever the server's clock says. Only published stories are shown on the campaign
page, and only they can win.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.clock import seoul_today
from app.extensions import db
from app.stories import rules
from app.stories.models import CampaignEntry, Story, StoryCampaign, StoryStatus


class CampaignStatus(enum.StrEnum):
    UPCOMING = "upcoming"
    RUNNING = "running"
    ENDED = "ended"


def campaign_status(campaign: StoryCampaign, today: date | None = None) -> CampaignStatus:
    today = today or seoul_today()
    if today < campaign.starts_on:
        return CampaignStatus.UPCOMING
    if today > campaign.ends_on:
        return CampaignStatus.ENDED
    return CampaignStatus.RUNNING


def open_campaigns(today: date | None = None) -> list[StoryCampaign]:
    today = today or seoul_today()
    return list(
        db.session.scalars(
            select(StoryCampaign)
            .where(StoryCampaign.starts_on <= today, StoryCampaign.ends_on >= today)
            .order_by(StoryCampaign.ends_on, StoryCampaign.id)
        )
    )


@dataclass
class CampaignOverview:
    """All campaigns for the campaigns page: the ones taking stories now first."""

    running: list[StoryCampaign] = field(default_factory=list)
    upcoming: list[StoryCampaign] = field(default_factory=list)
    ended: list[StoryCampaign] = field(default_factory=list)


def campaign_overview(today: date | None = None) -> CampaignOverview:
    """Running ones ending soonest first, upcoming ones starting soonest first, ended ones
    most recent first."""
    today = today or seoul_today()
    overview = CampaignOverview()
    statement = select(StoryCampaign).order_by(StoryCampaign.ends_on, StoryCampaign.id)
    for campaign in db.session.scalars(statement):
        getattr(overview, campaign_status(campaign, today).value).append(campaign)
    overview.upcoming.sort(key=lambda c: (c.starts_on, c.id))
    overview.ended.reverse()
    return overview


def published_entries(campaign: StoryCampaign) -> list[CampaignEntry]:
    """What the public sees of a campaign: published stories only, winners first (in the order
    they were chosen), then the newest entries."""
    statement = (
        select(CampaignEntry)
        .join(CampaignEntry.story)
        .where(CampaignEntry.campaign_id == campaign.id, Story.status == StoryStatus.PUBLISHED)
        .options(selectinload(CampaignEntry.story).selectinload(Story.author))
    )
    entries = list(db.session.scalars(statement))
    winners = sorted((e for e in entries if e.is_winner), key=lambda e: (e.winner_marked_at, e.id))
    others = sorted(
        (e for e in entries if not e.is_winner), key=lambda e: (e.entered_at, e.id), reverse=True
    )
    return winners + others


def unpublished_entry_count(campaign: StoryCampaign) -> int:
    """Entries the public does not see (waiting for review, hidden, withdrawn…): a number for
    the moderators, never the stories themselves on this page."""
    return (
        db.session.scalar(
            select(func.count(CampaignEntry.id))
            .join(CampaignEntry.story)
            .where(CampaignEntry.campaign_id == campaign.id, Story.status != StoryStatus.PUBLISHED)
        )
        or 0
    )


def enterable_campaigns(user, story: Story, today: date | None = None) -> list[StoryCampaign]:
    """Running campaigns this person may enter this story into now."""
    today = today or seoul_today()
    return [c for c in open_campaigns(today) if rules.may_enter_campaign(user, story, c, today)]


def campaigns_won(story: Story) -> list[StoryCampaign]:
    """The campaigns this story won; shown only while it is published."""
    if not story.is_published:
        return []
    won = sorted(
        (e for e in story.campaign_entries if e.is_winner),
        key=lambda e: (e.winner_marked_at or e.entered_at, e.id),
    )
    return [e.campaign for e in won]
