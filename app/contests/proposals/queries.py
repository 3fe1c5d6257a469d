"""A person's consortia: the proposals of the organisations they belong to, and the
invitations waiting for their answer."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from app.accounts.models import User
from app.contests.models import Contest, PartnerStatus, Proposal, ProposalPartner, ProposalStatus
from app.contests.rules import may_respond_to_invitation
from app.extensions import db
from app.organisations.models import Membership, MembershipStatus


@dataclass
class MyConsortia:
    invitations: list[ProposalPartner]  # waiting for this person's answer
    led: list[Proposal]  # led by one of their organisations
    supported: list[Proposal]  # supported (invited or accepted) by one of them


def _my_organisation_ids(user: User) -> list[int]:
    return list(
        db.session.scalars(
            select(Membership.organisation_id).where(
                Membership.user_id == user.id, Membership.status == MembershipStatus.APPROVED
            )
        )
    )


def consortia_of(user: User, contest: Contest | None = None) -> MyConsortia:
    """Proposals (any status) of the organisations this person belongs to, and the
    invitations they may answer as a representative; in one contest if given."""
    ids = _my_organisation_ids(user)
    if not ids:
        return MyConsortia([], [], [])
    supporting = select(ProposalPartner.proposal_id).where(
        ProposalPartner.organisation_id.in_(ids),
        ProposalPartner.status != PartnerStatus.DECLINED,
    )
    statement = (
        select(Proposal)
        .join(Contest, Contest.id == Proposal.contest_id)
        .where(or_(Proposal.lead_organisation_id.in_(ids), Proposal.id.in_(supporting)))
        .options(selectinload(Proposal.partners), selectinload(Proposal.contest))
        .order_by(Contest.closes_at.desc(), Proposal.id.desc())
    )
    if contest is not None:
        statement = statement.where(Proposal.contest_id == contest.id)
    proposals = list(db.session.scalars(statement))
    mine = set(ids)
    invitations = [
        partner
        for proposal in proposals
        if proposal.status == ProposalStatus.DRAFT
        for partner in proposal.partners
        if partner.status == PartnerStatus.INVITED and may_respond_to_invitation(user, partner)
    ]
    return MyConsortia(
        invitations=invitations,
        led=[p for p in proposals if p.lead_organisation_id in mine],
        supported=[p for p in proposals if p.lead_organisation_id not in mine],
    )
