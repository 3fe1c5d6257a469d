"""What one viewer sees on a match's page: the match, its thread, and what was shared.

The shared place and phone number are read here and nowhere else, for the accepted helper
(`rules.may_see_shared_contact`), and each reading is logged (`log_share_view`). The need's
author sees their own choice; staff of the area see the exact point on the need's page anyway,
and are not shown the phone number: it was given to the helper.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.access_log import AccessAction, record_access
from app.matching import rules
from app.matching.models import Match
from app.matching.panels import MatchView, match_view
from app.matching.threads.models import MatchMessage, SharedContact
from app.matching.threads.services import current_share, log_share_view, thread_of
from app.pins.services import exact_point


@dataclass(frozen=True)
class SharedWithHelper:
    share: SharedContact
    place: tuple[float, float] | None  # (lon, lat) when the place is shared


@dataclass(frozen=True)
class MatchPage:
    match: MatchView
    messages: list[MatchMessage]
    may_post: bool
    may_share: bool
    may_thank: bool
    shared: SharedWithHelper | None  # for the need's author (their choice) or the helper
    thank_you: str | None  # to the two sides and the area's staff, who read the thread


def match_page(match: Match, viewer: Any) -> MatchPage:
    """Logs the helper's view of a shared place or number: call it only to show the page."""
    may_share = rules.may_share_contact(viewer, match)
    shown = None
    if may_share or rules.may_see_shared_contact(viewer, match):
        share = current_share(match)
        if share is not None:
            if not may_share:
                log_share_view(share, viewer)
                record_access(
                    "shared_contact", share.id, AccessAction.VIEW, person_id=share.shared_by_id
                )
            place = exact_point(match.need) if share.shares_place else None
            shown = SharedWithHelper(share=share, place=place)
    return MatchPage(
        match=match_view(match, viewer),
        messages=thread_of(match),
        may_post=rules.may_post_message(viewer, match),
        may_share=may_share,
        may_thank=rules.may_thank(viewer, match),
        shared=shown,
        thank_you=match.thank_you,
    )
