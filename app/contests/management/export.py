"""Staff's CSV downloads of a contest: its proposals, and its scores and recusals.

The files open in Excel as they are: UTF-8 with a byte-order mark (otherwise Excel reads Korean
as mojibake), headers in the reader's language, times on the Seoul clock, formulas guarded
(app.csv_files).
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.accounts.models import User
from app.clock import to_seoul
from app.contests import rules
from app.contests.labels import PROPOSAL_STATUS_LABELS, RECUSAL_REASON_LABELS
from app.contests.models import Contest, Proposal, ProposalPartner, Recusal, Score
from app.contests.states import ProposalStatus
from app.csv_files import to_csv
from app.extensions import db


def _seoul(moment: datetime | None) -> str:
    return to_seoul(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


# --- proposals ------------------------------------------------------------------------------


def proposals_csv(contest: Contest) -> str:
    """One row per proposal that was submitted (withdrawn ones too); drafts are the
    consortium's own business."""
    header = [
        _("Proposal ID"),
        _("Title"),
        _("Lead organisation"),
        _("Supporting organisations"),
        _("Status"),
        _("Requested (won)"),
        _("Target areas"),
        _("Expected beneficiaries"),
        _("Submitted (Seoul time)"),
        _("Decision"),
        _("Amount awarded (won)"),
        _("Public reason"),
    ]
    return to_csv(header, (_proposal_row(p) for p in _submitted_proposals(contest)))


def _submitted_proposals(contest: Contest) -> list[Proposal]:
    statement = (
        select(Proposal)
        .where(
            Proposal.contest_id == contest.id,
            Proposal.status.in_([ProposalStatus.SUBMITTED, ProposalStatus.WITHDRAWN]),
        )
        .options(
            selectinload(Proposal.lead_organisation),
            selectinload(Proposal.partners).selectinload(ProposalPartner.organisation),
            selectinload(Proposal.budget_lines),
            selectinload(Proposal.target_areas),
            selectinload(Proposal.decision),
            selectinload(Proposal.scores).selectinload(Score.reviewer),
            selectinload(Proposal.scores).selectinload(Score.criterion),
            selectinload(Proposal.recusals).selectinload(Recusal.reviewer),
        )
        .order_by(Proposal.id)
    )
    return list(db.session.scalars(statement))


def _proposal_row(proposal: Proposal) -> list:
    decision = proposal.decision
    if decision is None:
        decided = ""
    elif decision.selected:
        decided = _("Selected")
    else:
        decided = _("Not selected")
    return [
        proposal.id,
        proposal.title,
        proposal.lead_organisation.name,
        "; ".join(p.organisation.name for p in proposal.accepted_partners()),
        str(PROPOSAL_STATUS_LABELS[proposal.status]),
        proposal.requested_amount,
        "; ".join(area.name for area in proposal.target_areas),
        proposal.expected_beneficiaries,
        _seoul(proposal.submitted_at),
        decided,
        decision.amount_awarded if decision else "",
        decision.public_reason if decision else "",
    ]


# --- scores ---------------------------------------------------------------------------------


def scores_csv(contest: Contest, viewer: User) -> str:
    """One row per score, then one per recusal. A proposal the viewer is recused from is left
    out entirely: staff with a stake in a consortium do not see how it was scored."""
    header = [
        _("Proposal ID"),
        _("Proposal"),
        _("Reviewer"),
        _("Criterion"),
        _("Weight (%)"),
        _("Score"),
        _("Comment"),
        _("Recused"),
    ]
    rows = []
    for proposal in _submitted_proposals(contest):
        if rules.is_recused(viewer, proposal):
            continue
        rows += _score_rows(proposal)
    return to_csv(header, rows)


def _score_rows(proposal: Proposal) -> list[list]:
    scores = sorted(
        proposal.scores,
        key=lambda s: (s.reviewer.display_name, s.reviewer_id, s.criterion.position),
    )
    rows = [
        [
            proposal.id,
            proposal.title,
            score.reviewer.display_name,
            score.criterion.name,
            score.criterion.weight,
            score.score,
            score.comment,
            "",
        ]
        for score in scores
    ]
    for recusal in sorted(proposal.recusals, key=lambda r: r.reviewer.display_name):
        reason = str(RECUSAL_REASON_LABELS[recusal.reason])
        if recusal.note:
            reason = f"{reason}: {recusal.note}"
        rows.append(
            [
                proposal.id,
                proposal.title,
                recusal.reviewer.display_name,
                "",
                "",
                "",
                reason,
                _("Recused"),
            ]
        )
    return rows
