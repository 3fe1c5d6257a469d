"""Review as it reads: a reviewer's list, weighted totals, the ranking, and the budget left.

Totals. A reviewer's total for a proposal is Σ score / SCORE_MAX × weight over the contest's
criteria (weights are percentages, so it lies between 0 and 100), counted only once the
reviewer has scored every criterion. The proposal's total is the mean of those totals, its
spread the highest minus the lowest. Only reviewers still assigned to the contest and not
recused count: a reviewer who joins a consortium's organisation after scoring keeps their
rows (the record) but they leave the totals, and the recusal is written down the next time
their list or the ranking is opened (app.contests.recusals.record_conflicts). A reviewer who
*declares* a conflict loses their scores on that proposal at once.

Totals are exact fractions, computed in Python from the loaded scores, so both databases give
the same numbers; pages round them to one decimal (`one_decimal`).

Reading only; the changes (scores, recusals, decisions) are in `services.py`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from app.accounts.models import User
from app.contests import rules
from app.contests.models import SCORE_MAX, Contest, ContestCriterion, Proposal, Recusal, Score
from app.contests.phases import phase_of
from app.contests.states import ContestPhase, ProposalStatus
from app.organisations.models import Organisation

# --- totals ------------------------------------------------------------------------------------


def one_decimal(value: Fraction | None) -> Decimal | None:
    """For display: 83.25 -> 83.3 (half up, as people round by hand)."""
    if value is None:
        return None
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def weighted_total(
    criteria: list[ContestCriterion], scores: Mapping[int, Score]
) -> Fraction | None:
    """One reviewer's total (0..100), or None until every criterion has a score."""
    if not criteria or any(c.id not in scores for c in criteria):
        return None
    return sum((Fraction(scores[c.id].score, SCORE_MAX) * c.weight for c in criteria), Fraction(0))


@dataclass(frozen=True)
class ReviewerTotal:
    reviewer: User
    scores: dict[int, Score]  # criterion id -> score
    total: Fraction | None  # None while incomplete


@dataclass
class Standing:
    """A proposal's place in the review, as one viewer may see it."""

    proposal: Proposal
    reviewers: list[ReviewerTotal]  # assigned, not recused, in name order
    total: Fraction | None = None  # mean of the complete reviewers' totals
    spread: Fraction | None = None
    criterion_means: dict[int, Fraction] = field(default_factory=dict)
    rank: int | None = None
    hidden: bool = False  # the viewer stands aside: nothing about its scores is shown

    @property
    def complete(self) -> list[ReviewerTotal]:
        return [r for r in self.reviewers if r.total is not None]

    @property
    def reviewers_done(self) -> int:
        return len(self.complete)

    @property
    def reviewers_assigned(self) -> int:
        return len(self.reviewers)

    @property
    def is_scored(self) -> bool:
        return self.total is not None


def counting_reviewers(proposal: Proposal) -> list[User]:
    """The contest's reviewers whose scores count for this proposal (recused ones do not)."""
    reviewers = [r.user for r in proposal.contest.reviewers]
    return sorted(
        (u for u in reviewers if not rules.is_recused(u, proposal)),
        key=lambda u: (u.display_name, u.id),
    )


def scores_by(proposal: Proposal, reviewer: User) -> dict[int, Score]:
    return {s.criterion_id: s for s in proposal.scores if s.reviewer_id == reviewer.id}


def _ranking_key(standing: Standing) -> tuple[Fraction, int]:
    """Highest total first; the proposal's id breaks ties."""
    assert standing.total is not None  # only scored standings are ranked
    return (-standing.total, standing.proposal.id)


def standing_of(proposal: Proposal) -> Standing:
    criteria = proposal.contest.criteria
    reviewers = []
    for reviewer in counting_reviewers(proposal):
        scores = scores_by(proposal, reviewer)
        reviewers.append(ReviewerTotal(reviewer, scores, weighted_total(criteria, scores)))
    standing = Standing(proposal, reviewers)
    complete = standing.complete
    if complete:
        totals = [r.total for r in complete if r.total is not None]  # all of them: complete
        standing.total = sum(totals, Fraction(0)) / len(totals)
        standing.spread = max(totals) - min(totals)
        standing.criterion_means = {
            c.id: Fraction(sum(r.scores[c.id].score for r in complete), len(complete))
            for c in criteria
        }
    return standing


@dataclass(frozen=True)
class Budget:
    total: int
    awarded: int

    @property
    def left(self) -> int:
        return self.total - self.awarded


def budget_of(contest: Contest, leaving_out: Proposal | None = None) -> Budget:
    awarded = sum(
        p.decision.amount_awarded
        for p in contest.proposals
        if p.decision is not None and p is not leaving_out
    )
    return Budget(contest.total_budget, awarded)


@dataclass
class Ranking:
    contest: Contest
    standings: list[Standing]  # ranked first, then not yet scored, then hidden from the viewer
    budget: Budget

    @property
    def undecided(self) -> int:
        return sum(1 for s in self.standings if s.proposal.decision is None)


def submitted_proposals(contest: Contest) -> list[Proposal]:
    return sorted(
        (p for p in contest.proposals if p.status == ProposalStatus.SUBMITTED),
        key=lambda p: p.id,
    )


def rank_proposals(contest: Contest, viewer: User) -> Ranking:
    """Submitted proposals by total, highest first; equal totals share a rank. Proposals the
    viewer stands aside from are listed last with nothing of their scores, and the others are
    ranked among themselves, so that the gaps in the ranks do not give their place away."""
    standings = [standing_of(p) for p in submitted_proposals(contest)]
    visible, hidden = [], []
    for standing in standings:
        if rules.may_see_all_scores(viewer, standing.proposal):
            visible.append(standing)
        else:
            hidden.append(Standing(standing.proposal, [], hidden=True))
    scored = sorted((s for s in visible if s.is_scored), key=_ranking_key)
    for position, standing in enumerate(scored, start=1):
        previous = scored[position - 2] if position > 1 else None
        if previous is not None and previous.total == standing.total:
            standing.rank = previous.rank
        else:
            standing.rank = position
    unscored = [s for s in visible if not s.is_scored]
    return Ranking(contest, scored + unscored + hidden, budget_of(contest))


# --- a reviewer's list, scores and recusal -------------------------------------------------------


@dataclass(frozen=True)
class ReviewItem:
    proposal: Proposal
    recusal: Recusal | None = None
    conflicts: tuple[Organisation, ...] = ()  # why the reviewer stands aside, when by membership


@dataclass
class ReviewerList:
    to_score: list[ReviewItem] = field(default_factory=list)
    scored: list[ReviewItem] = field(default_factory=list)
    recused: list[ReviewItem] = field(default_factory=list)


def review_is_visible(contest: Contest) -> bool:
    """Reviewers see the proposals once the deadline has passed (and afterwards)."""
    return phase_of(contest) in (ContestPhase.REVIEW, ContestPhase.RESULTS)


def reviewer_list(contest: Contest, reviewer: User) -> ReviewerList:
    """The reviewer's submitted proposals, sorted into to score / scored / recused. Call
    record_conflicts first, so that the recused ones carry their recorded reason."""
    listing = ReviewerList()
    if not review_is_visible(contest):
        return listing
    for proposal in submitted_proposals(contest):
        if rules.is_recused(reviewer, proposal):
            recusal = next((r for r in proposal.recusals if r.reviewer_id == reviewer.id), None)
            conflicts = tuple(rules.conflicting_organisations(reviewer, proposal))
            listing.recused.append(ReviewItem(proposal, recusal, conflicts))
        elif weighted_total(contest.criteria, scores_by(proposal, reviewer)) is None:
            listing.to_score.append(ReviewItem(proposal))
        else:
            listing.scored.append(ReviewItem(proposal))
    return listing


def amount_limit(proposal: Proposal) -> int:
    """The most a proposal may be awarded: what it asked for, within the contest's maximum."""
    return min(proposal.requested_amount, proposal.contest.max_per_proposal)
