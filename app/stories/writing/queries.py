"""What an author's story may be linked to, and the author's own stories (read-only)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import aliased, selectinload

from app.accounts.models import User
from app.clock import utcnow
from app.contests.models import Contest, Decision, Proposal
from app.contests.rules import is_public_project
from app.contests.states import ProposalStatus
from app.extensions import db
from app.matching.models import Match, MatchStatus
from app.organisations.models import Membership, MembershipStatus
from app.pins.models import Pin
from app.stories.models import Story


def linkable_matches(user: User) -> list[Match]:
    """Fulfilled matches the person took part in: as the need's or the offer's author, or as an
    approved member of the organisation that made the offer."""
    need, offer = aliased(Pin), aliased(Pin)
    organisations = select(Membership.organisation_id).where(
        Membership.user_id == user.id, Membership.status == MembershipStatus.APPROVED
    )
    statement = (
        select(Match)
        .join(need, Match.need_id == need.id)
        .join(offer, Match.offer_id == offer.id)
        .where(
            Match.status == MatchStatus.FULFILLED,
            or_(
                need.author_id == user.id,
                offer.author_id == user.id,
                offer.organisation_id.in_(organisations),
            ),
        )
        .order_by(Match.fulfilled_at.desc(), Match.id.desc())
        .options(selectinload(Match.need), selectinload(Match.offer))
    )
    return list(db.session.scalars(statement))


def funded_projects(now: datetime | None = None) -> list[Proposal]:
    """Selected proposals of contests whose results are public. Anyone may tell about one
    (a neighbour it helped as much as a member of the consortium): the project is public."""
    now = now or utcnow()
    statement = (
        select(Proposal)
        .join(Proposal.contest)
        .join(Decision, Decision.proposal_id == Proposal.id)
        .where(
            Proposal.status == ProposalStatus.SUBMITTED,
            Decision.selected.is_(True),
            Contest.results_at <= now,
        )
        .order_by(Contest.results_at.desc(), Proposal.title, Proposal.id)
        .options(selectinload(Proposal.lead_organisation), selectinload(Proposal.contest))
    )
    return [p for p in db.session.scalars(statement) if is_public_project(p)]


def stories_of(author: User) -> list[Story]:
    return list(
        db.session.scalars(
            select(Story)
            .where(Story.author_id == author.id)
            .order_by(Story.submitted_at.desc(), Story.id.desc())
        )
    )
