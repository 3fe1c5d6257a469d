"""Reading contests: the list, the reviewers' table, and what the services ask before a change."""

from __future__ import annotations

from dataclasses import dataclass

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.clock import utcnow
from app.contests.models import Contest, ContestReviewer, Decision, Proposal, Recusal, Score
from app.extensions import db

PER_PAGE = 20


def list_contests(page: int, include_drafts: bool = False) -> Pagination:
    """Newest first by opening date. Drafts only for staff."""
    query = select(Contest).options(selectinload(Contest.target_areas))
    if not include_drafts:
        query = query.where(Contest.opens_at <= utcnow())
    query = query.order_by(Contest.opens_at.desc(), Contest.id.desc())
    return db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)


def has_decisions(contest: Contest) -> bool:
    return (
        db.session.scalar(
            select(Decision.id)
            .join(Decision.proposal)
            .where(Proposal.contest_id == contest.id)
            .limit(1)
        )
        is not None
    )


# --- reviewers ------------------------------------------------------------------------------


@dataclass
class ReviewerRow:
    reviewer: ContestReviewer
    recusals: int
    scores: int


def reviewer_rows(contest: Contest) -> list[ReviewerRow]:
    recusals = count_for_reviewers(Recusal, contest)
    scores = count_for_reviewers(Score, contest)
    rows = [
        ReviewerRow(r, recusals.get(r.user_id, 0), scores.get(r.user_id, 0))
        for r in contest.reviewers
    ]
    return sorted(rows, key=lambda row: (row.reviewer.user.display_name, row.reviewer.id))


def count_for_reviewers(model, contest: Contest) -> dict[int, int]:
    """Rows of `model` (Score or Recusal) per reviewer, on this contest's proposals.
    Scores count proposals scored, not criteria."""
    counted = func.count(func.distinct(model.proposal_id))
    statement = (
        select(model.reviewer_id, counted)
        .join(Proposal, Proposal.id == model.proposal_id)
        .where(Proposal.contest_id == contest.id)
        .group_by(model.reviewer_id)
    )
    return dict(db.session.execute(statement).all())
