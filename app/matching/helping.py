""" "I can help" on a need's page: anyone signed in starts a match with a message, without
first publishing an offer of their own.

The match keeps its usual shape (a need and an offer), so every rule of matching holds as it
is: who sees the match and its thread, who decides, what the helper learns once accepted. The
offer is made for it, unlisted (Pin.listed): the helper's own, in the need's category, never
on the map, the lists, the exports, the home page's figures or a page of its own for anyone
but its author and the area's staff. The message is the first of the match's thread, where
contact details are welcome; the need's author is told there is one, never what it says (the
notification goes out by email).
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.accounts.models import User
from app.extensions import db
from app.matching.errors import AlreadyProposed, NotOpen, OwnNeed, WrongKinds
from app.matching.models import Match
from app.matching.services import OPEN_MATCH_STATES, is_open, propose_match
from app.matching.threads.services import add_message
from app.notifications.addressing import local_path
from app.notifications.models import NotificationKind
from app.notifications.services import notify
from app.pins.models import Pin, PinKind
from app.pins.services import create_unlisted_offer


def offer_help(need: Pin, helper: User, message: str, now: datetime | None = None) -> Match:
    if need.kind != PinKind.NEED:
        raise WrongKinds()
    if need.author_id == helper.id:
        raise OwnNeed()
    if not is_open(need):
        raise NotOpen()
    if already_helping(need, helper):
        raise AlreadyProposed()
    # Stored in the helper's language: the need's author reads it beside the helper's message.
    offer = create_unlisted_offer(helper, need, _("Help offered for this need"), now)
    match = propose_match(need, offer, helper, now=now, tell=False)
    add_message(match, helper, message, now)
    notify(
        need.author,
        NotificationKind.MATCH_MESSAGE,  # a thread with a message: the kind that says so
        link=local_path("matching.show", match_id=match.id) + "#thread",
        subject=_l("Someone can help with your need"),
        body=_l(
            "A neighbour offered to help with your need “%(need)s” and wrote you a message. "
            "Read it and accept or decline on the match's page."
        ),
        need=need.title,  # the author's own words, to the author
    )
    return match


def already_helping(need: Pin, helper: User) -> Match | None:
    """The helper's open "I can help" match for this need, if any: one at a time is enough."""
    return db.session.scalar(
        select(Match)
        .join(Pin, Pin.id == Match.offer_id)
        .where(
            Match.need_id == need.id,
            Match.status.in_(OPEN_MATCH_STATES),
            Pin.author_id == helper.id,
            Pin.listed.is_(False),
        )
    )
