"""Translated names for the ideas' enum values, for the label registry."""

from __future__ import annotations

from flask_babel import lazy_pgettext

from app.ideas.models import IdeaEventKind, IdeaOutcome, IdeaStatus
from app.labels import register

STATUS_LABELS = register(
    IdeaStatus,
    {
        IdeaStatus.RECEIVED: lazy_pgettext("idea status", "Received"),
        IdeaStatus.UNDER_REVIEW: lazy_pgettext("idea status", "Under review"),
        IdeaStatus.ANSWERED: lazy_pgettext("idea status", "Answered"),
    },
)

OUTCOME_LABELS = register(
    IdeaOutcome,
    {
        IdeaOutcome.ADOPTED: lazy_pgettext("idea outcome", "Adopted"),
        IdeaOutcome.PARTLY_ADOPTED: lazy_pgettext("idea outcome", "Partly adopted"),
        IdeaOutcome.NOT_ADOPTED: lazy_pgettext("idea outcome", "Not adopted"),
    },
)

EVENT_LABELS = register(
    IdeaEventKind,
    {
        IdeaEventKind.RECEIVED: lazy_pgettext("idea event", "Received"),
        IdeaEventKind.STATUS_CHANGED: lazy_pgettext("idea event", "Status changed"),
        IdeaEventKind.ASSIGNED: lazy_pgettext("idea event", "Assigned"),
        IdeaEventKind.ANSWERED: lazy_pgettext("idea event", "Answered"),
        IdeaEventKind.RESPONSE_EDITED: lazy_pgettext("idea event", "Response corrected"),
    },
)
