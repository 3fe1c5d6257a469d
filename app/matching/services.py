"""Matches between needs and offers (the full workflow is built on this module)."""

from __future__ import annotations

from sqlalchemy import or_, select

from app.extensions import db
from app.matching.models import Match, MatchStatus
from app.pins.models import Pin, PinStatus

OPEN_MATCH_STATES = (MatchStatus.PROPOSED, MatchStatus.ACCEPTED)


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
