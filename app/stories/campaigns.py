"""Story campaigns: calls for stories on a theme between two dates, with winners.

Services flush, never commit.
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.contests.phases import SEOUL
from app.dbtypes import utcnow
from app.extensions import db
from app.stories import rules
from app.stories.models import CampaignEntry, Story, StoryCampaign


class CampaignError(Exception):
    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


def seoul_today(now: datetime | None = None) -> date:
    """Campaign dates are Seoul days."""
    return (now or utcnow()).astimezone(SEOUL).date()


def open_campaigns(today: date | None = None) -> list[StoryCampaign]:
    today = today or seoul_today()
    return list(
        db.session.scalars(
            select(StoryCampaign)
            .where(StoryCampaign.starts_on <= today, StoryCampaign.ends_on >= today)
            .order_by(StoryCampaign.ends_on, StoryCampaign.id)
        )
    )


def enter_story(story: Story, campaign: StoryCampaign, user, today: date | None = None) -> None:
    """The author enters their story into a running campaign."""
    if not rules.may_enter_campaign(user, story, campaign, today or seoul_today()):
        raise CampaignError(_l("This story cannot be entered into that campaign."))
    db.session.add(CampaignEntry(campaign=campaign, story=story))
    db.session.flush()
