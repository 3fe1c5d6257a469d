"""Reading proposals: what a representative may lead, whom a consortium may still invite, the
areas a proposal may name, and a person's consortia (the proposals of the organisations they
belong to, and the invitations waiting for their answer)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from app.accounts.models import User
from app.areas.models import Area
from app.areas.services import area_overview
from app.contests.models import Contest, Proposal, ProposalPartner
from app.contests.proposals.eligibility import is_within_contest
from app.contests.rules import may_respond_to_invitation
from app.contests.states import PartnerStatus, ProposalStatus
from app.extensions import db
from app.forms import area_checkbox_groups
from app.organisations.models import Membership, MembershipStatus, Organisation, OrganisationStatus
from app.organisations.queries import verified_organisations_of


def organisations_represented(user: User) -> list[Organisation]:
    """Verified organisations this person represents: the ones they may put forward as lead."""
    return verified_organisations_of(user, representing=True)


def proposal_led_by(contest: Contest, organisation: Organisation) -> Proposal | None:
    return db.session.scalars(
        select(Proposal).where(
            Proposal.contest_id == contest.id, Proposal.lead_organisation_id == organisation.id
        )
    ).first()


@dataclass
class LeadChoices:
    """What a representative may start in a contest, per organisation they represent."""

    new: list[Organisation] = field(default_factory=list)  # may start a proposal
    reopen: list[Proposal] = field(default_factory=list)  # withdrawn, may be reopened
    existing: list[Proposal] = field(default_factory=list)  # a draft or submitted one

    @property
    def represents_any(self) -> bool:
        return bool(self.new or self.reopen or self.existing)


def lead_choices(user: User, contest: Contest) -> LeadChoices:
    choices = LeadChoices()
    for organisation in organisations_represented(user):
        proposal = proposal_led_by(contest, organisation)
        if proposal is None:
            choices.new.append(organisation)
        elif proposal.status == ProposalStatus.WITHDRAWN:
            choices.reopen.append(proposal)
        else:
            choices.existing.append(proposal)
    return choices


def invitable_organisations(
    proposal: Proposal, query: str | None = None, limit: int | None = None
) -> list[Organisation]:
    """Verified organisations that may still be invited: not the lead, not invited or in
    already (one that declined may be asked again); optionally those whose name matches."""
    taken = {proposal.lead_organisation_id} | {
        p.organisation_id for p in proposal.partners if p.status != PartnerStatus.DECLINED
    }
    statement = select(Organisation).where(
        Organisation.status == OrganisationStatus.VERIFIED, Organisation.id.not_in(taken)
    )
    if query:
        pattern = f"%{query.strip()}%"
        statement = statement.where(
            or_(Organisation.name_ko.ilike(pattern), Organisation.name_en.ilike(pattern))
        )
    statement = statement.order_by(Organisation.name_ko)
    if limit is not None:
        statement = statement.limit(limit)
    return list(db.session.scalars(statement))


def selectable_areas(contest: Contest) -> list[tuple[Area | None, list[Area]]]:
    """The areas a proposal may name, grouped by gu (the gu itself first in its group)."""
    groups = []
    for gu, areas in area_checkbox_groups(area_overview()):
        inside = [a for a in areas if is_within_contest(a, contest)]
        if inside:
            groups.append((gu, inside))
    return groups


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
