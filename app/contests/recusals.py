"""Recording recusals: whenever reviewers and consortia meet (a reviewer is assigned, a
proposal is submitted, a reviewer opens their list), conflicts found are written down, so the
record shows who stood aside and why even if memberships change later."""

from __future__ import annotations

from app.accounts.models import User
from app.actions import flush_once
from app.contests.models import Contest, Proposal, Recusal
from app.contests.rules import conflicting_organisations
from app.contests.states import ProposalStatus, RecusalReason


def record_recusal(
    reviewer: User,
    proposal: Proposal,
    reason: RecusalReason = RecusalReason.MEMBERSHIP,
    note: str = "",
) -> Recusal | None:
    """Record that `reviewer` stands aside from `proposal`; for MEMBERSHIP only when the site
    finds a conflict. Returns the recusal (new or existing), or None when there is none."""
    existing = next((r for r in proposal.recusals if r.reviewer_id == reviewer.id), None)
    if existing is not None:
        return existing
    conflicts = conflicting_organisations(reviewer, proposal)
    if reason == RecusalReason.MEMBERSHIP and not conflicts:
        return None
    recusal = Recusal(
        reviewer=reviewer,
        reason=reason,
        organisation=conflicts[0] if conflicts else None,
        note=note,
    )
    proposal.recusals.append(recusal)
    flush_once()  # the same recusal sent twice at once
    return recusal


def record_conflicts(contest: Contest, reviewers: list[User] | None = None) -> list[Recusal]:
    """Check every submitted proposal against the contest's reviewers (or the ones given)."""
    people = reviewers if reviewers is not None else [r.user for r in contest.reviewers]
    found = []
    for proposal in contest.proposals:
        if proposal.status != ProposalStatus.SUBMITTED:
            continue
        for reviewer in people:
            recusal = record_recusal(reviewer, proposal)
            if recusal is not None:
                found.append(recusal)
    return found
