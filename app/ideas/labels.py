"""Translated names for the ideas' enum values, as template globals."""

from __future__ import annotations

from flask_babel import lazy_pgettext

from app.ideas.models import IdeaEventKind, IdeaOutcome, IdeaStatus

STATUS_LABELS = {
    IdeaStatus.RECEIVED: lazy_pgettext("idea status", "Received"),
    IdeaStatus.UNDER_REVIEW: lazy_pgettext("idea status", "Under review"),
    IdeaStatus.ANSWERED: lazy_pgettext("idea status", "Answered"),
}

OUTCOME_LABELS = {
    IdeaOutcome.ADOPTED: lazy_pgettext("idea outcome", "Adopted"),
    IdeaOutcome.PARTLY_ADOPTED: lazy_pgettext("idea outcome", "Partly adopted"),
    IdeaOutcome.NOT_ADOPTED: lazy_pgettext("idea outcome", "Not adopted"),
}

EVENT_LABELS = {
    IdeaEventKind.RECEIVED: lazy_pgettext("idea event", "Received"),
    IdeaEventKind.STATUS_CHANGED: lazy_pgettext("idea event", "Status changed"),
    IdeaEventKind.ASSIGNED: lazy_pgettext("idea event", "Assigned"),
    IdeaEventKind.ANSWERED: lazy_pgettext("idea event", "Answered"),
    IdeaEventKind.RESPONSE_EDITED: lazy_pgettext("idea event", "Response corrected"),
}


def register_idea_labels(app) -> None:
    app.jinja_env.globals.update(
        idea_status_label=lambda v: str(STATUS_LABELS[v]),
        idea_outcome_label=lambda v: str(OUTCOME_LABELS[v]),
        idea_event_label=lambda v: str(EVENT_LABELS[v]),
    )
