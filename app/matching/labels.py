"""Translated names of a match's states."""

from __future__ import annotations

from flask_babel import lazy_pgettext

from app.labels import register
from app.matching.models import MatchStatus

MATCH_STATUS_LABELS = register(
    MatchStatus,
    {
        MatchStatus.PROPOSED: lazy_pgettext("match status", "Proposed"),
        MatchStatus.ACCEPTED: lazy_pgettext("match status", "Accepted"),
        MatchStatus.DECLINED: lazy_pgettext("match status", "Declined"),
        MatchStatus.FULFILLED: lazy_pgettext("match status", "Fulfilled"),
        MatchStatus.CANCELLED: lazy_pgettext("match status", "Cancelled"),
    },
)
