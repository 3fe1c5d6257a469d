"""Telling the people of a match what happened to it: proposed, accepted, declined, withdrawn,
fulfilled, and "the need you offered help for was fulfilled".

Who is told: the other side of whoever acted (app.matching.rules' sides: the need's author; the
offer's author and, for an organisation's offer, its members). Staff of the need's area act for
the need's side when they choose to, but are not told of every step: like the thread's
messages, they look when they choose to (product.md: staff act on needs, they are not a party).

What is said: the match's number and the category, nothing more. No name (a private giver is
not named to the need's side before acceptance), no place and no need's own words (a need's
title is withheld from the public where it could name its author, and these emails leave the
site): the link to the match's page shows each reader what they may see.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.accounts.models import User
from app.extensions import db
from app.matching import rules
from app.matching.models import Match
from app.notifications.addressing import local_path
from app.notifications.models import NotificationKind
from app.notifications.services import notify_all
from app.organisations.models import Membership, MembershipStatus
from app.pins.models import Pin


def need_side(match: Match) -> list[User]:
    return [match.need.author]


def offer_side(offer: Pin) -> list[User]:
    """The offer's author and, for an organisation's offer, its approved members."""
    people = [offer.author]
    if offer.organisation_id is not None:
        people += list(
            db.session.scalars(
                select(User)
                .join(Membership, Membership.user_id == User.id)
                .where(
                    Membership.organisation_id == offer.organisation_id,
                    Membership.status == MembershipStatus.APPROVED,
                )
                .order_by(User.id)
            )
        )
    return people


def _side(match: Match, side: rules.Side) -> list[User]:
    return need_side(match) if side == rules.Side.NEED else offer_side(match.offer)


def _other(side: rules.Side) -> rules.Side:
    return rules.Side.OFFER if side == rules.Side.NEED else rules.Side.NEED


def _tell(
    people: Iterable[User], actor: User | None, kind: NotificationKind, match: Match, **texts
) -> None:
    notify_all(
        (person for person in people if actor is None or person.id != actor.id),
        kind,
        link=local_path("matching.show", match_id=match.id),
        number=match.id,
        category=lambda: match.need.category.name,  # in each reader's language
        **texts,
    )


def match_proposed(match: Match) -> None:
    """The side that decides learns there is a proposal."""
    deciding = _other(rules.proposing_side(match))
    _tell(
        _side(match, deciding),
        match.proposed_by,
        NotificationKind.MATCH_PROPOSED,
        match,
        subject=_l("A match was proposed to you (%(category)s)"),
        body=_l(
            "Match %(number)s in %(category)s was proposed to you. "
            "See it on the match's page and accept or decline it."
        ),
    )


def match_accepted(match: Match, decider: User) -> None:
    _tell(
        [match.proposed_by] if match.proposed_by else [],
        decider,
        NotificationKind.MATCH_ACCEPTED,
        match,
        subject=_l("Your proposal was accepted (%(category)s)"),
        body=_l(
            "Match %(number)s in %(category)s was accepted. "
            "Arrange the help together in the conversation on the match's page."
        ),
    )


def match_declined(match: Match, decider: User) -> None:
    _tell(
        [match.proposed_by] if match.proposed_by else [],
        decider,
        NotificationKind.MATCH_DECLINED,
        match,
        subject=_l("Your proposal was declined (%(category)s)"),
        body=_l("Match %(number)s in %(category)s was declined. Thank you for offering."),
    )


def proposal_closed(match: Match) -> None:
    """A proposal that can no longer be accepted, because its need or offer was matched with
    another: its proposer learns it will not be answered, instead of waiting."""
    _tell(
        [match.proposed_by] if match.proposed_by else [],
        None,
        NotificationKind.MATCH_DECLINED,
        match,
        subject=_l("Your proposal is closed (%(category)s)"),
        body=_l(
            "Match %(number)s in %(category)s is closed: the need or the offer was matched with "
            "another. Thank you for offering."
        ),
    )


def proposal_withdrawn(match: Match, canceller: User) -> None:
    """The side that would have decided learns it need not any more."""
    deciding = _other(rules.proposing_side(match))
    _tell(
        _side(match, deciding),
        canceller,
        NotificationKind.MATCH_WITHDRAWN,
        match,
        subject=_l("A proposal to you was withdrawn (%(category)s)"),
        body=_l("The proposal of match %(number)s in %(category)s was withdrawn."),
    )


def pin_withdrawn(match: Match, pin: Pin) -> None:
    """A need or an offer was withdrawn: its open matches end; the other side is told."""
    if pin.author.is_deleted:
        return  # its author deleted their account, and that told the other side already
    other = offer_side(match.offer) if pin.id == match.need_id else need_side(match)
    _tell(
        other,
        pin.author,
        NotificationKind.MATCH_WITHDRAWN,
        match,
        subject=_l("A match ended: the other side withdrew (%(category)s)"),
        body=_l(
            "Match %(number)s in %(category)s ended because the other side withdrew their "
            "need or offer."
        ),
    )


def match_fulfilled(match: Match, by: User | None) -> None:
    """Both sides; then the authors of other offers once matched with the same need."""
    both = need_side(match) + offer_side(match.offer)
    _tell(
        both,
        by,
        NotificationKind.MATCH_FULFILLED,
        match,
        subject=_l("A match was fulfilled (%(category)s)"),
        body=_l("Match %(number)s in %(category)s is fulfilled. Thank you for helping."),
    )
    told = {person.id for person in both}
    others = db.session.scalars(
        select(Match).where(Match.need_id == match.need_id, Match.id != match.id)
    ).all()
    for other in others:
        author = other.offer.author
        if author.id in told:
            continue
        told.add(author.id)
        _tell(
            [author],
            None,
            NotificationKind.OFFER_NEED_FULFILLED,
            other,
            subject=_l("A need you offered help for was fulfilled (%(category)s)"),
            body=_l(
                "The need of match %(number)s in %(category)s has been fulfilled with someone "
                "else's help. Thank you for offering; your offer may help another neighbour."
            ),
        )
