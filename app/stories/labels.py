"""Translated names for the stories' enum values, for the label registry."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from app.labels import register
from app.stories.campaigns.queries import CampaignStatus
from app.stories.models import ModerationAction, StoryLanguage, StoryStatus

STATUS_LABELS = register(
    StoryStatus,
    {
        StoryStatus.PENDING: lazy_pgettext("story status", "Waiting for review"),
        StoryStatus.PUBLISHED: lazy_pgettext("story status", "Published"),
        StoryStatus.REJECTED: lazy_pgettext("story status", "Not accepted"),
        StoryStatus.HIDDEN: lazy_pgettext("story status", "Hidden after reports"),
        StoryStatus.UNPUBLISHED: lazy_pgettext("story status", "Unpublished"),
        StoryStatus.WITHDRAWN: lazy_pgettext("story status", "Withdrawn"),
    },
)

LANGUAGE_LABELS = register(
    StoryLanguage,
    {
        StoryLanguage.KO: _l("Korean"),
        StoryLanguage.EN: _l("English"),
    },
)

ACTION_LABELS = register(
    ModerationAction,
    {
        ModerationAction.APPROVE: _l("Approved"),
        ModerationAction.REJECT: _l("Rejected"),
        ModerationAction.EDIT: _l("Edited"),
        ModerationAction.FEATURE: _l("Featured on the home page"),
        ModerationAction.UNFEATURE: _l("Removed from the home page"),
        ModerationAction.UNPUBLISH: _l("Unpublished"),
        ModerationAction.REPUBLISH: _l("Published again"),
        ModerationAction.HIDE_BY_REPORTS: _l("Hidden after readers' reports"),
        ModerationAction.RESTORE: _l("Restored after reports were reviewed"),
        ModerationAction.DISMISS_REPORTS: _l("Reports dismissed"),
        ModerationAction.CREATE_CAMPAIGN: _l("Campaign created"),
        ModerationAction.EDIT_CAMPAIGN: _l("Campaign edited"),
        ModerationAction.MARK_WINNER: _l("Marked as a winner"),
        ModerationAction.UNMARK_WINNER: _l("No longer a winner"),
    },
)

CAMPAIGN_STATUS_LABELS = register(
    CampaignStatus,
    {
        CampaignStatus.UPCOMING: lazy_pgettext("campaign status", "Upcoming"),
        CampaignStatus.RUNNING: lazy_pgettext("campaign status", "Taking stories"),
        CampaignStatus.ENDED: lazy_pgettext("campaign status", "Ended"),
    },
)
