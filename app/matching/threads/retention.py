"""The match threads' retention rules (app.retention): a conversation and what was shared in
it serve the help being arranged. Some months after the match ended, the words and the phone
number and place shared in it go; the messages stay as empty rows, so "how many matches talked,
and how much" can still be counted.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.matching.models import Match, MatchStatus
from app.matching.threads.models import MatchMessage, SharedContact
from app.retention import EraseFields, retention_rule

ENDED = (MatchStatus.FULFILLED, MatchStatus.DECLINED, MatchStatus.CANCELLED)


def _matches_ended_before(cutoff: datetime):
    ended_at = func.coalesce(Match.fulfilled_at, Match.decided_at)
    return select(Match.id).where(Match.status.in_(ENDED), ended_at < cutoff)


retention_rule(
    "match_messages",
    MatchMessage,
    # Long enough for a complaint about the help, or a thank-you, to be checked against them.
    period="P6M",
    due=lambda cutoff: MatchMessage.match_id.in_(_matches_ended_before(cutoff)),
    erase=EraseFields({"body": ""}),
    description=_l("Messages of ended matches: their words"),
)

retention_rule(
    "match_shared_contacts",
    SharedContact,
    # Shorter than the words: a phone number and a home are the most identifying of all.
    period="P3M",
    due=lambda cutoff: SharedContact.match_id.in_(_matches_ended_before(cutoff)),
    erase=EraseFields({"phone": None, "shares_place": False}),
    description=_l("Phone numbers and places shared in ended matches"),
)

retention_rule(
    "match_proposal_messages",
    Match,
    period="P6M",
    due=lambda cutoff: Match.id.in_(_matches_ended_before(cutoff)),
    # The word of thanks too: it is shown to the same few people, and names what was given.
    erase=EraseFields({"message": None, "thank_you": None}),
    description=_l("Ended matches: the message sent with the proposal and the word of thanks"),
)
