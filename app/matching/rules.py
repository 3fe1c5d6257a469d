"""Who may do what with a match: the one place for matching, built on app.permissions.

A match has two sides. The need's side is its author and the staff of its area (the people who
may see its exact point). The offer's side is its author and, for an organisation's offer, the
organisation's members. Either side may propose; the other side accepts or declines; either
side may mark an accepted match fulfilled; the proposing side may cancel its proposal.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any

from app.matching.models import MatchStatus
from app.organisations.rules import is_member_of
from app.permissions import signed_in
from app.pins.models import PinKind
from app.pins.rules import may_see_exact_location

if TYPE_CHECKING:
    from app.matching.models import Match
    from app.pins.models import Pin


class Side(enum.StrEnum):
    NEED = "need"
    OFFER = "offer"


def acts_for_need(user: Any, need: Pin) -> bool:
    """The need's author, and staff assigned to its dong or gu."""
    return may_see_exact_location(user, need)


def acts_for_offer(user: Any, offer: Pin) -> bool:
    """The offer's author, and the members of the organisation it is offered by."""
    if not signed_in(user):
        return False
    if user.id == offer.author_id:
        return True
    return offer.organisation is not None and is_member_of(user, offer.organisation)


def side_of(user: Any, need: Pin, offer: Pin) -> Side | None:
    """The side a person acts for between this need and offer, or None.

    The need's author is always the need's side; otherwise a giver is the offer's side before
    being staff (so staff proposing their own offer are givers, and another side decides).
    """
    if not signed_in(user):
        return None
    if user.id == need.author_id:
        return Side.NEED
    if acts_for_offer(user, offer):
        return Side.OFFER
    if acts_for_need(user, need):
        return Side.NEED
    return None


def proposing_side(match: Match) -> Side:
    """Which side proposed. The match keeps only the proposer, so it is worked out from them;
    a proposer who has since left the offering organisation (or whose account is gone) was a
    giver, the usual case."""
    return side_of(match.proposed_by, match.need, match.offer) or Side.OFFER


def acts_for(user: Any, match: Match, side: Side) -> bool:
    if side == Side.NEED:
        return acts_for_need(user, match.need)
    return acts_for_offer(user, match.offer)


def may_see(user: Any, match: Match) -> bool:
    return acts_for_need(user, match.need) or acts_for_offer(user, match.offer)


def may_offer_help(user: Any, need: Pin) -> bool:
    """ "I can help": anyone signed in but the need's author (whether the need is still open is
    the service's to say, as for every proposal)."""
    return signed_in(user) and need.kind == PinKind.NEED and user.id != need.author_id


def may_propose(user: Any, need: Pin, offer: Pin) -> bool:
    return side_of(user, need, offer) is not None


def may_decide(user: Any, match: Match) -> bool:
    """The other side than the proposer's, and never the proposer themselves."""
    if not signed_in(user) or user.id == match.proposed_by_id:
        return False
    other = Side.NEED if proposing_side(match) == Side.OFFER else Side.OFFER
    return acts_for(user, match, other)


def may_cancel(user: Any, match: Match) -> bool:
    if not signed_in(user):
        return False
    return user.id == match.proposed_by_id or acts_for(user, match, proposing_side(match))


def may_fulfil(user: Any, match: Match) -> bool:
    return may_see(user, match)


def is_agreed(match: Match) -> bool:
    """Accepted (or since fulfilled): both sides said yes."""
    return match.status in (MatchStatus.ACCEPTED, MatchStatus.FULFILLED)


def may_know_giver(user: Any, match: Match) -> bool:
    """A private giver's name: their own side, and the need's side once the match is agreed.
    Before that a proposal must not tell a neighbour who lives near them and what they give."""
    if acts_for_offer(user, match.offer):
        return True
    return is_agreed(match) and acts_for_need(user, match.need)


def may_read_need_text(user: Any, match: Match) -> bool:
    """The need's own words where the public reads only its category: the need's side, and
    the offer's side once the match is agreed (they are about to help)."""
    if acts_for_need(user, match.need):
        return True
    return is_agreed(match) and acts_for_offer(user, match.offer)


# --- the match's page: its private thread and what the need's author shares ----------------------

CLOSED_CONVERSATIONS = (MatchStatus.DECLINED, MatchStatus.CANCELLED)


def may_read_thread(user: Any, match: Match) -> bool:
    """The two sides, and the staff of the need's area (administrators only when they hold
    it): the thread may hold contact details, so nobody else, ever."""
    return may_see(user, match)


def may_post_message(user: Any, match: Match) -> bool:
    """Everyone who reads the thread, until the match is declined or cancelled."""
    return match.status not in CLOSED_CONVERSATIONS and may_read_thread(user, match)


def may_share_contact(user: Any, match: Match) -> bool:
    """Only the need's author decides what of them the helper learns, once both agreed."""
    return (
        signed_in(user) and user.id == match.need.author_id and match.status == MatchStatus.ACCEPTED
    )


def may_see_shared_contact(user: Any, match: Match) -> bool:
    """The accepted helper (the offer's side), while the match is accepted: once fulfilled or
    ended the help is over and so is the need for the place or the number."""
    return (
        match.status == MatchStatus.ACCEPTED
        and acts_for_offer(user, match.offer)
        and user.id != match.need.author_id
    )


def may_thank(user: Any, match: Match) -> bool:
    """The thank-you given with the fulfilment is the need's author's word."""
    return signed_in(user) and user.id == match.need.author_id
