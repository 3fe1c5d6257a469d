"""Results as they read (publishing them is in `services.py`): the public results of a
contest, its funded projects on the map by target area, and an organisation's consortium
history.

Nothing here shows a decision before the contest's results date, except the preview staff
see (app.contests.rules.may_see_results). Proposals that were not selected are only counted
in public: their titles stay with their consortium (and with staff), because a proposal that
was turned down is the organisations' own business. The consortium is told the outcome and
the public reason in its notification and on its proposal's page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import url_for
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload, undefer

from app.accounts.models import User
from app.areas.models import Area
from app.contests import rules
from app.contests.models import Contest, Decision, Proposal, ProposalPartner
from app.contests.phases import results_are_public
from app.contests.states import PartnerStatus, ProposalStatus
from app.extensions import db
from app.geo import outline_geojson
from app.i18n import format_krw
from app.organisations.extension_points import page_section
from app.organisations.models import Organisation
from app.organisations.rules import is_member_of

# About 10 m: the map shows which neighbourhood, not the boundary's every bend.
MAP_SIMPLIFY_DEGREES = 0.0001
COORDINATE_DECIMALS = 5


# --- the results page ------------------------------------------------------------------------


@dataclass(frozen=True)
class FundedProject:
    proposal: Proposal

    @property
    def lead(self) -> Organisation:
        return self.proposal.lead_organisation

    @property
    def supporters(self) -> list[Organisation]:
        return [p.organisation for p in self.proposal.accepted_partners()]

    @property
    def areas(self) -> list[Area]:
        return self.proposal.target_areas

    @property
    def decision(self) -> Decision:
        decision = self.proposal.decision
        assert decision is not None  # funded: its decision selected it (contest_results)
        return decision

    @property
    def amount(self) -> int:
        return self.decision.amount_awarded

    @property
    def reason(self) -> str:
        return self.decision.public_reason


@dataclass
class ContestResults:
    contest: Contest
    is_preview: bool  # staff looking before the results date
    received: int  # submitted proposals
    funded: list[FundedProject] = field(default_factory=list)
    not_selected: int = 0
    undecided: int = 0  # only in a preview
    hidden: int = 0  # preview: proposals the viewing staff member stands aside from

    @property
    def total_awarded(self) -> int:
        return sum(p.amount for p in self.funded)


def _submitted_with_results(contest: Contest, preview: bool, with_outlines: bool) -> list[Proposal]:
    """The contest's submitted proposals with everything the page and its map read of them,
    in a fixed number of queries: loaded one by one, a contest of 50 funded projects took
    over a hundred statements (a decision, a lead, partners, areas and their gu each). A
    preview also reads the consortium's memberships, to leave out what the viewer stands
    aside from (rules.is_recused); the map's data reads the target areas' outlines."""
    lead = selectinload(Proposal.lead_organisation)
    area_options = [selectinload(Area.parent)] + ([undefer(Area.geom)] if with_outlines else [])
    partners = selectinload(Proposal.partners).selectinload(ProposalPartner.organisation)
    options = [
        selectinload(Proposal.decision),
        lead,
        partners,
        selectinload(Proposal.target_areas).options(*area_options),
    ]
    if preview:
        options += [
            selectinload(Proposal.recusals),
            lead.selectinload(Organisation.memberships),
            partners.selectinload(Organisation.memberships),
        ]
    return list(
        db.session.scalars(
            select(Proposal)
            .where(Proposal.contest_id == contest.id, Proposal.status == ProposalStatus.SUBMITTED)
            .options(*options)
            .order_by(Proposal.id)
        )
    )


def contest_results(contest: Contest, viewer: User, with_outlines: bool = False) -> ContestResults:
    """What the results page shows (and, `with_outlines`, its map's data). Call only when
    rules.may_see_results allows it."""
    public = results_are_public(contest)
    proposals = _submitted_with_results(contest, not public, with_outlines)
    results = ContestResults(contest, is_preview=not public, received=len(proposals))
    for proposal in proposals:
        if not public and rules.is_recused(viewer, proposal):
            results.hidden += 1
        elif proposal.decision is not None and proposal.decision.selected:
            results.funded.append(FundedProject(proposal))
        elif proposal.decision is None and not public:
            results.undecided += 1
        else:
            results.not_selected += 1
    results.funded.sort(key=lambda f: (f.proposal.title, f.proposal.id))
    return results


def area_geometry(area: Area) -> dict[str, Any]:
    """The area's polygon as a GeoJSON geometry (read through app.geo, as on both DBs)."""
    return outline_geojson(area.geom, MAP_SIMPLIFY_DEGREES, COORDINATE_DECIMALS)


def _project_json(project: FundedProject) -> dict[str, Any]:
    return {
        "id": project.proposal.id,
        "title": project.proposal.title,
        "lead": project.lead.name,
        "amount": project.amount,
        "amountText": format_krw(project.amount),
        "url": url_for("contests.proposal", proposal_id=project.proposal.id),
    }


def funded_areas(results: ContestResults) -> dict[str, Any]:
    """A GeoJSON FeatureCollection: one feature per target area of the funded projects, with
    the projects in it; projects for the whole city are listed beside the features."""
    by_area: dict[int, tuple[Area, list[FundedProject]]] = {}
    whole_city = []
    for project in results.funded:
        if not project.areas:
            whole_city.append(_project_json(project))
        for area in project.areas:
            by_area.setdefault(area.id, (area, []))[1].append(project)
    features = []
    for area, projects in sorted(by_area.values(), key=lambda item: item[0].code):
        features.append(
            {
                "type": "Feature",
                "id": area.id,
                "geometry": area_geometry(area),
                "properties": {
                    "code": area.code,
                    "name": area.full_name,
                    "count": len(projects),
                    "amount": sum(p.amount for p in projects),
                    "projects": [_project_json(p) for p in projects],
                },
            }
        )
    return {"type": "FeatureCollection", "features": features, "wholeCity": whole_city}


# --- an organisation's consortium history -------------------------------------------------------


@dataclass(frozen=True)
class HistoryEntry:
    proposal: Proposal
    is_lead: bool
    show_title: bool  # a proposal that was not selected keeps its title to its consortium

    @property
    def contest(self) -> Contest:
        return self.proposal.contest

    @property
    def funded(self) -> bool:
        decision = self.proposal.decision
        return decision is not None and decision.selected


@dataclass
class OrganisationHistory:
    past: list[HistoryEntry] = field(default_factory=list)  # contests with public results
    current: list[HistoryEntry] = field(default_factory=list)  # members only: still running

    def __bool__(self) -> bool:
        return bool(self.past or self.current)


def _proposals_of(organisation: Organisation) -> list[Proposal]:
    """Proposals it leads or supports (accepted)."""
    accepted = select(ProposalPartner.proposal_id).where(
        ProposalPartner.organisation_id == organisation.id,
        ProposalPartner.status == PartnerStatus.ACCEPTED,
    )
    return list(
        db.session.scalars(
            select(Proposal)
            .where(or_(Proposal.lead_organisation_id == organisation.id, Proposal.id.in_(accepted)))
            .order_by(Proposal.id.desc())
        )
    )


@page_section("contests/_org_history.html")
def organisation_history(organisation: Organisation, viewer: User) -> OrganisationHistory:
    """The consortia it joined, as `viewer` may see them: everyone sees those in contests whose
    results are public; its members also see its proposals in contests still running (their
    status, nothing of the review)."""
    insider = is_member_of(viewer, organisation) or rules.may_manage_contests(viewer)
    member = is_member_of(viewer, organisation)
    history = OrganisationHistory()
    for proposal in _proposals_of(organisation):
        is_lead = proposal.lead_organisation_id == organisation.id
        if results_are_public(proposal.contest):
            if proposal.status != ProposalStatus.SUBMITTED:
                continue
            decision = proposal.decision
            show_title = insider or (decision is not None and decision.selected)
            history.past.append(HistoryEntry(proposal, is_lead, show_title))
        elif member:
            history.current.append(HistoryEntry(proposal, is_lead, show_title=True))
    history.past.sort(key=lambda e: (e.contest.results_at, e.proposal.id), reverse=True)
    return history
