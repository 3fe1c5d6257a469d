"""What the campaigns refuse; `message` is for the person, `field` the form field it belongs to."""

from __future__ import annotations

from app.errors import DomainError


class CampaignError(DomainError):
    """A broken rule of a campaign: its dates, an entry, a winner."""


class NotEnterable(CampaignError):
    """The story cannot be entered into the campaign (shown at the story form's campaign
    choice when entered while writing it, flashed on the story's page)."""

    field = "campaign"
