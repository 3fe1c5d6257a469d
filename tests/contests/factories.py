"""Contests, proposals and reviewers for tests, built straight from the models so that each
feature's tests do not depend on another feature's services."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from app.accounts.models import Role, User
from app.areas.models import Area
from app.clock import utcnow
from app.contests.models import (
    BudgetLine,
    Contest,
    ContestCriterion,
    ContestReviewer,
    Decision,
    Proposal,
    ProposalPartner,
    Score,
)
from app.contests.states import ContestPhase, PartnerStatus, ProposalStatus
from app.extensions import db
from app.organisations.models import Organisation
from tests.factories import make_organisation, make_user

CRITERIA = (("필요성", "Need", 40), ("실현 가능성", "Feasibility", 30), ("협력", "Partnership", 30))


def dates_for(phase: ContestPhase) -> dict:
    """opens_at / closes_at / results_at that put a contest in `phase` now."""
    now = utcnow()
    day = timedelta(days=1)
    starts = {
        ContestPhase.DRAFT: now + day,
        ContestPhase.OPEN: now - day,
        ContestPhase.REVIEW: now - 10 * day,
        ContestPhase.RESULTS: now - 20 * day,
    }[phase]
    closes = {
        ContestPhase.DRAFT: now + 10 * day,
        ContestPhase.OPEN: now + 10 * day,
        ContestPhase.REVIEW: now - day,
        ContestPhase.RESULTS: now - 10 * day,
    }[phase]
    results = {
        ContestPhase.DRAFT: now + 20 * day,
        ContestPhase.OPEN: now + 20 * day,
        ContestPhase.REVIEW: now + 10 * day,
        ContestPhase.RESULTS: now - day,
    }[phase]
    return {"opens_at": starts, "closes_at": closes, "results_at": results}


def set_phase(contest: Contest, phase: ContestPhase) -> Contest:
    for key, value in dates_for(phase).items():
        setattr(contest, key, value)
    db.session.flush()
    return contest


def make_contest(
    phase: ContestPhase = ContestPhase.OPEN,
    *,
    total_budget: int = 100_000_000,
    max_per_proposal: int = 30_000_000,
    min_organisations: int = 3,
    criteria: Sequence[tuple[str, str, int]] = CRITERIA,
    target_areas: Sequence[Area] = (),
    created_by: User | None = None,
    **fields,
) -> Contest:
    contest = Contest(
        title_ko=fields.pop("title_ko", "희망온돌 컨소시엄 공모"),
        title_en=fields.pop("title_en", "Ondol for Hope consortium contest"),
        description_ko=fields.pop("description_ko", "이웃을 위한 협력 사업을 공모합니다."),
        description_en=fields.pop("description_en", "Projects by consortia for neighbours."),
        total_budget=total_budget,
        max_per_proposal=max_per_proposal,
        min_organisations=min_organisations,
        created_by=created_by,
        **dates_for(phase),
        **fields,
    )
    contest.target_areas = list(target_areas)
    contest.criteria = [
        ContestCriterion(position=n, name_ko=ko, name_en=en, weight=weight)
        for n, (ko, en, weight) in enumerate(criteria)
    ]
    db.session.add(contest)
    db.session.flush()
    return contest


def make_proposal(
    contest: Contest,
    lead: Organisation | None = None,
    *,
    supporters: Sequence[Organisation] | int = 2,
    supporter_status: PartnerStatus = PartnerStatus.ACCEPTED,
    status: ProposalStatus = ProposalStatus.DRAFT,
    budget: Sequence[tuple[str, int]] = (("인건비", 10_000_000), ("물품", 5_000_000)),
    target_areas: Sequence[Area] = (),
    **fields,
) -> Proposal:
    """A proposal whose lead (and each supporter) has its own representative."""
    if lead is None:
        lead = make_organisation(representative=make_user(Role.ORG_MEMBER))
    if isinstance(supporters, int):
        supporters = [
            make_organisation(representative=make_user(Role.ORG_MEMBER)) for _ in range(supporters)
        ]
    proposal = Proposal(
        contest=contest,
        lead_organisation=lead,
        status=status,
        title=fields.pop("title", "어르신 반찬 나눔"),
        summary=fields.pop("summary", "홀로 사는 어르신께 주 2회 반찬을 나눕니다."),
        expected_beneficiaries=fields.pop("expected_beneficiaries", 120),
        timeline=fields.pop("timeline", "3월–11월"),
        created_by=lead.representative(),
        **fields,
    )
    if status != ProposalStatus.DRAFT:
        proposal.submitted_at = utcnow()
        proposal.submitted_by = lead.representative()
    proposal.partners = [
        ProposalPartner(
            organisation=organisation,
            role_description="배달 봉사",
            status=supporter_status,
            invited_by=lead.representative(),
        )
        for organisation in supporters
    ]
    proposal.budget_lines = [
        BudgetLine(position=n, item=item, amount=amount) for n, (item, amount) in enumerate(budget)
    ]
    proposal.target_areas = list(target_areas)
    db.session.add(proposal)
    db.session.flush()
    return proposal


def assign_reviewer(contest: Contest, user: User | None = None) -> User:
    user = user or make_user()
    contest.reviewers.append(ContestReviewer(user=user))
    db.session.flush()
    return user


def score_all(proposal: Proposal, reviewer: User, value: int) -> None:
    """The reviewer gives `value` on every criterion."""
    for criterion in proposal.contest.criteria:
        db.session.add(
            Score(proposal=proposal, reviewer=reviewer, criterion=criterion, score=value)
        )
    db.session.flush()


def decide(proposal: Proposal, selected: bool, amount: int = 0, reason: str = "사유") -> Decision:
    proposal.decision = Decision(
        selected=selected, amount_awarded=amount if selected else 0, public_reason=reason
    )
    db.session.flush()
    return proposal.decision
