"""Review's changes: a reviewer's scores and declared recusal, and staff's decisions within
the budget. Services flush, never commit, and raise `ReviewError`s (`errors.py`) whose
`message` the view shows; totals and the ranking are read in `queries.py`."""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import lazy_gettext as _l

from app.accounts.models import User
from app.actions import flush_once
from app.contests import rules
from app.contests.models import SCORE_MAX, SCORE_MIN, Decision, Proposal, Score
from app.contests.phases import phase_of
from app.contests.recusals import record_recusal
from app.contests.review.errors import (
    COMMENT_REQUIRED_AT_MOST,
    AmountOutOfRange,
    CommentMissing,
    IncompleteScores,
    NotAReviewer,
    NotInReview,
    NotSubmitted,
    OverBudget,
    ReasonMissing,
    ScoreOutOfRange,
    StandingAside,
)
from app.contests.review.queries import amount_limit, budget_of, scores_by
from app.contests.states import ContestPhase, ProposalStatus, RecusalReason
from app.errors import Conflict
from app.extensions import db
from app.i18n import format_krw


def _check_may_score(proposal: Proposal, reviewer: User) -> None:
    if proposal.status != ProposalStatus.SUBMITTED:
        raise NotSubmitted()
    if phase_of(proposal.contest) != ContestPhase.REVIEW:
        raise NotInReview()
    if not rules.is_reviewer(reviewer, proposal.contest):
        raise NotAReviewer()
    if rules.is_recused(reviewer, proposal):
        raise StandingAside()


def save_scores(
    proposal: Proposal, reviewer: User, entries: Mapping[int, tuple[int, str]]
) -> list[Score]:
    """Score every criterion at once (criterion id -> (score, comment)); saving again
    replaces the reviewer's earlier scores."""
    _check_may_score(proposal, reviewer)
    criteria = proposal.contest.criteria
    if any(c.id not in entries for c in criteria):
        raise IncompleteScores()
    for value, comment in entries.values():
        if not isinstance(value, int) or not SCORE_MIN <= value <= SCORE_MAX:
            raise ScoreOutOfRange()
        if value <= COMMENT_REQUIRED_AT_MOST and not (comment or "").strip():
            raise CommentMissing()
    existing = scores_by(proposal, reviewer)
    saved = []
    for criterion in criteria:
        value, comment = entries[criterion.id]
        score = existing.get(criterion.id)
        if score is None:
            score = Score(reviewer=reviewer, criterion=criterion)
            proposal.scores.append(score)
        score.score = value
        score.comment = (comment or "").strip()
        saved.append(score)
    flush_once()  # the first scores sent twice at once
    return saved


def declare_recusal(proposal: Proposal, reviewer: User, note: str) -> int:
    """The reviewer stands aside from the proposal; their scores on it are deleted. Returns
    how many scores were deleted."""
    _check_may_score(proposal, reviewer)
    if not note.strip():
        raise ReasonMissing()
    record_recusal(reviewer, proposal, RecusalReason.DECLARED, note.strip())
    mine = [s for s in proposal.scores if s.reviewer_id == reviewer.id]
    for score in mine:
        proposal.scores.remove(score)  # delete-orphan: the rows go
    db.session.flush()
    return len(mine)


# --- decisions -----------------------------------------------------------------------------------


def record_decision(
    proposal: Proposal, staff: User, selected: bool, amount: int, public_reason: str
) -> Decision:
    """Decide (or decide again, until the results are published) within the budget."""
    if proposal.status != ProposalStatus.SUBMITTED:
        raise NotSubmitted()
    if phase_of(proposal.contest) != ContestPhase.REVIEW:
        raise NotInReview()
    if not public_reason.strip():
        raise ReasonMissing()
    if not selected:
        amount = 0
    else:
        limit = amount_limit(proposal)
        if not 0 < amount <= limit:
            raise AmountOutOfRange(
                _l(
                    "A selected proposal is awarded more than 0 and at most %(limit)s (what it "
                    "asked for, within the contest's maximum per proposal).",
                    limit=format_krw(limit),
                )
            )
        left = budget_of(proposal.contest, leaving_out=proposal).left
        if amount > left:
            raise OverBudget(
                _l(
                    "This would go over the contest's budget: %(left)s is left for this proposal.",
                    left=format_krw(left),
                )
            )
    decision = proposal.decision
    if decision is None:
        decision = Decision()
        proposal.decision = decision
        db.session.add(decision)
    decision.selected = selected
    decision.amount_awarded = amount
    decision.public_reason = public_reason.strip()
    decision.decided_by = staff
    flush_once(Conflict)  # another decision on this proposal was saved first
    return decision
