"""Matches between needs and offers: proposing, deciding, fulfilling, and the lists of them.

A match goes proposed → accepted → fulfilled, or proposed → declined, or ends cancelled (by its
proposer, when a pin is withdrawn, or when one of its pins is matched elsewhere). A pin takes
part in one accepted match at a time: accepting moves both pins to MATCHED and closes their
other open proposals; fulfilling moves both to FULFILLED.

Services flush, never commit; who may call them is app.matching.rules' question, asked by the
views. A refused transition raises a `MatchError` whose `message` the view shows as it is.
Pin statuses change through ORM attributes so the map's cluster counts follow on flush.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import aliased, selectinload

from app.accounts.models import User
from app.actions import flush_once
from app.clock import utcnow
from app.extensions import db
from app.geo import distance_metres, point_from_columns
from app.matching import notices, rules
from app.matching.errors import (
    AlreadyProposed,
    CategoryMismatch,
    NotOnEitherSide,
    NotOpen,
    OwnOffer,
    WrongKinds,
    WrongState,
)
from app.matching.models import Match, MatchStatus
from app.organisations.models import Membership, MembershipStatus
from app.permissions import Power, has_power
from app.pins.extension_points import when_withdrawn
from app.pins.models import Pin, PinKind, PinStatus

OPEN_MATCH_STATES = (MatchStatus.PROPOSED, MatchStatus.ACCEPTED)
NEAREST_OFFERS = 10
NEAREST_RADIUS_METRES = 10_000  # a neighbour's help: Seoul's dongs are a few km across
HISTORY_LENGTH = 50


# --- transitions ---------------------------------------------------------------------------------


def is_open(pin: Pin) -> bool:
    """Open to new matches: an open need past its expiry date already counts as expired."""
    return pin.current_status() == PinStatus.OPEN


def propose_match(
    need: Pin,
    offer: Pin,
    proposer: User,
    message: str | None = None,
    now: datetime | None = None,
    *,
    tell: bool = True,
) -> Match:
    """`tell`: notify the deciding side ("I can help" tells the need's author in words of its
    own, with its message)."""
    if need.kind != PinKind.NEED or offer.kind != PinKind.OFFER:
        raise WrongKinds()
    if not (is_open(need) and is_open(offer)):
        raise NotOpen()
    if need.category_id != offer.category_id:
        raise CategoryMismatch()
    if need.author_id == offer.author_id:
        raise OwnOffer()
    if rules.side_of(proposer, need, offer) is None:
        raise NotOnEitherSide()
    match = find_match(need, offer)
    if match is not None and match.status != MatchStatus.CANCELLED:
        raise AlreadyProposed()
    if match is None:  # one row per need and offer: a cancelled proposal is made again in place
        match = Match(need=need, offer=offer)
        db.session.add(match)
    match.status = MatchStatus.PROPOSED
    match.proposed_by = proposer
    match.message = (message or "").strip() or None
    match.created_at = now or utcnow()
    match.decided_at = match.decided_by = match.fulfilled_at = None
    flush_once(AlreadyProposed)  # the same proposal sent twice at once
    if tell:
        notices.match_proposed(match)
    return match


def accept_match(match: Match, decider: User, now: datetime | None = None) -> None:
    _expect(match, MatchStatus.PROPOSED)
    if not (is_open(match.need) and is_open(match.offer)):
        raise NotOpen()
    now = now or utcnow()
    _decide(match, MatchStatus.ACCEPTED, decider, now)
    match.need.status = PinStatus.MATCHED
    match.offer.status = PinStatus.MATCHED
    _close_other_proposals(match, now)
    db.session.flush()
    notices.match_accepted(match, decider)


def decline_match(match: Match, decider: User, now: datetime | None = None) -> None:
    """The pins stay open: a proposal never changed them."""
    _expect(match, MatchStatus.PROPOSED)
    _decide(match, MatchStatus.DECLINED, decider, now or utcnow())
    db.session.flush()
    notices.match_declined(match, decider)


def cancel_proposal(match: Match, canceller: User, now: datetime | None = None) -> None:
    _expect(match, MatchStatus.PROPOSED)
    _decide(match, MatchStatus.CANCELLED, canceller, now or utcnow())  # who ended it, and when
    db.session.flush()
    notices.proposal_withdrawn(match, canceller)


def fulfil_match(
    match: Match,
    now: datetime | None = None,
    thank_you: str | None = None,
    by: User | None = None,
) -> None:
    """`thank_you`: the need's author's word of thanks, if they gave one (the view asks
    `rules.may_thank`). `by`: who marked it (told by the page, not by a notification)."""
    _expect(match, MatchStatus.ACCEPTED)
    match.status = MatchStatus.FULFILLED
    match.thank_you = (thank_you or "").strip() or None
    match.fulfilled_at = now or utcnow()
    match.need.status = PinStatus.FULFILLED
    match.offer.status = PinStatus.FULFILLED
    db.session.flush()
    notices.match_fulfilled(match, by)


@when_withdrawn
def cancel_matches_of(pin: Pin) -> None:
    """A withdrawn pin ends its open matches; the other side goes back to open."""
    matches = db.session.scalars(
        select(Match).where(
            or_(Match.need_id == pin.id, Match.offer_id == pin.id),
            Match.status.in_(OPEN_MATCH_STATES),
        )
    ).all()
    for match in matches:
        match.status = MatchStatus.CANCELLED
        other = match.offer if match.need_id == pin.id else match.need
        if other.status == PinStatus.MATCHED and not _has_accepted_match(other, excluding=match):
            other.status = PinStatus.OPEN
    db.session.flush()
    for match in matches:
        notices.pin_withdrawn(match, pin)


def _expect(match: Match, status: MatchStatus) -> None:
    if match.status != status:
        raise WrongState()


def _decide(match: Match, status: MatchStatus, person: User, now: datetime) -> None:
    match.status = status
    match.decided_at = now
    match.decided_by = person


def _close_other_proposals(match: Match, now: datetime) -> None:
    """The two pins are taken: their other proposals can no longer be accepted."""
    others = db.session.scalars(
        select(Match).where(
            or_(
                Match.need_id == match.need_id,
                Match.offer_id == match.offer_id,
            ),
            Match.status == MatchStatus.PROPOSED,
            Match.id != match.id,
        )
    ).all()
    for other in others:
        other.status = MatchStatus.CANCELLED
        other.decided_at = now
        notices.proposal_closed(other)


def _has_accepted_match(pin: Pin, excluding: Match) -> bool:
    return (
        db.session.scalar(
            select(Match.id).where(
                or_(Match.need_id == pin.id, Match.offer_id == pin.id),
                Match.status == MatchStatus.ACCEPTED,
                Match.id != excluding.id,
            )
        )
        is not None
    )


# --- queries -------------------------------------------------------------------------------------


def find_match(need: Pin, offer: Pin) -> Match | None:
    return db.session.scalar(
        select(Match).where(Match.need_id == need.id, Match.offer_id == offer.id)
    )


def matches_of(pin: Pin) -> list[Match]:
    """Every match of a need or an offer, newest first."""
    column = Match.need_id if pin.kind == PinKind.NEED else Match.offer_id
    return list(
        db.session.scalars(
            select(Match)
            .where(column == pin.id)
            .order_by(Match.created_at.desc(), Match.id.desc())
            .options(selectinload(Match.need), selectinload(Match.offer))
        )
    )


def nearest_open_offers(
    need: Pin, limit: int = NEAREST_OFFERS, radius_metres: float = NEAREST_RADIUS_METRES
) -> list[tuple[Pin, float]]:
    """Open offers in the need's category, nearest first, with their distance in metres. For
    the need's side only (the distances start from the need's exact point).

    Each distance ends at the offer's public point (the centre of its grid cell for a private
    person's offer), never at its exact point: however often the need's side moves the need and
    reads the distances, they learn no more of where an offer is than its public cell.
    """
    need_point = aliased(Pin)
    distance = distance_metres(
        point_from_columns(Pin.public_lon, Pin.public_lat), need_point.location
    )
    rows = db.session.execute(
        select(Pin, distance)
        .join(need_point, need_point.id == need.id)
        .where(
            Pin.kind == PinKind.OFFER,
            Pin.listed.is_(True),
            Pin.status == PinStatus.OPEN,
            Pin.category_id == need.category_id,
            Pin.author_id != need.author_id,
            distance <= radius_metres,
        )
        .order_by(distance, Pin.id)
        .limit(limit)
    ).all()
    return [(offer, float(metres)) for offer, metres in rows]


def _organisation_ids_of(user: User):
    return select(Membership.organisation_id).where(
        Membership.user_id == user.id, Membership.status == MembershipStatus.APPROVED
    )


def _not_linked_to(pin_column, other_column, other_id: int):
    """Condition: no proposal, accepted, declined or fulfilled match joins the two pins yet."""
    linked = select(pin_column).where(
        other_column == other_id, Match.status != MatchStatus.CANCELLED
    )
    return Pin.id.not_in(linked)


def offers_to_propose(user: User, need: Pin) -> list[Pin]:
    """The person's open offers (their own or their organisations') that fit the need."""
    return list(
        db.session.scalars(
            select(Pin)
            .where(
                Pin.kind == PinKind.OFFER,
                Pin.listed.is_(True),  # an "I can help" offer serves its one need only
                Pin.status == PinStatus.OPEN,
                Pin.category_id == need.category_id,
                Pin.author_id != need.author_id,
                or_(Pin.author_id == user.id, Pin.organisation_id.in_(_organisation_ids_of(user))),
                _not_linked_to(Match.offer_id, Match.need_id, need.id),
            )
            .order_by(Pin.created_at.desc(), Pin.id.desc())
        )
    )


def needs_to_propose(user: User, offer: Pin) -> list[Pin]:
    """The person's own open needs that the offer fits."""
    return list(
        db.session.scalars(
            select(Pin)
            .where(
                Pin.kind == PinKind.NEED,
                Pin.status == PinStatus.OPEN,
                Pin.category_id == offer.category_id,
                Pin.author_id == user.id,
                Pin.author_id != offer.author_id,
                or_(Pin.expires_at.is_(None), Pin.expires_at > utcnow()),
                _not_linked_to(Match.need_id, Match.offer_id, offer.id),
            )
            .order_by(Pin.created_at.desc(), Pin.id.desc())
        )
    )


def involving(user: User, statement: Select) -> Select:
    """`statement` (on Match) narrowed to the matches the person may take part in, a superset
    of `rules.may_see` that the database can find by index; callers check the rule after."""
    need, offer = aliased(Pin), aliased(Pin)
    involved = [
        need.author_id == user.id,
        offer.author_id == user.id,
        offer.organisation_id.in_(_organisation_ids_of(user)),
    ]
    if has_power(user, Power.STAFF_WORK):
        areas = [area.id for area in user.staff_areas]
        involved += [need.dong_id.in_(areas), need.gu_id.in_(areas)]
    return (
        statement.join(need, Match.need_id == need.id)
        .join(offer, Match.offer_id == offer.id)
        .where(or_(*involved))
    )


def matches_involving(user: User, open_ones: bool) -> list[Match]:
    """Matches the person takes part in: as an author, an organisation's member, or staff of the
    need's area (assigned areas only, for administrators too). Open ones all; closed ones, the
    latest HISTORY_LENGTH."""
    states = Match.status.in_(OPEN_MATCH_STATES)
    statement = (
        involving(user, select(Match))
        .where(states if open_ones else ~states)
        .order_by(
            func.coalesce(Match.fulfilled_at, Match.decided_at, Match.created_at).desc(),
            Match.id.desc(),
        )
        .options(selectinload(Match.need), selectinload(Match.offer))
    )
    if not open_ones:
        statement = statement.limit(HISTORY_LENGTH)
    return [match for match in db.session.scalars(statement) if rules.may_see(user, match)]


def count_fulfilled_matches() -> int:
    return (
        db.session.scalar(select(func.count(Match.id)).where(Match.status == MatchStatus.FULFILLED))
        or 0
    )
