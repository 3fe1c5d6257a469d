"""Proposals and their consortia: drafting, inviting supporters, answering, submitting,
withdrawing. (What is still missing before submission is in `eligibility.py`, the lists a
person's pages show in `queries.py`.)

Services flush, never commit, and check the state themselves (the page a person saw may be
out of date: the deadline may have passed since). A refused step raises a `ProposalError`
(`errors.py`) whose `message` the view shows as it is. Who may act is asked in
app.contests.rules.

Decisions kept here:
- One proposal per lead organisation and contest. A withdrawn proposal is not replaced: while
  the contest is open its lead reopens it as a draft (`start_proposal` does that), keeping its
  text, budget, supporters and attachments, and may submit it again.
- A submitted proposal is final: to change it, the lead withdraws it, reopens it, submits again.
- Invitations are answered only while the proposal is a draft and the contest open. A proposal
  with an unanswered invitation cannot be submitted (the checklist says so): nothing is dropped
  silently, and so no invitation is ever pending on a submitted proposal.
- A declined organisation may be invited again (its row goes back to "invited").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.accounts.models import User
from app.actions import flush_once
from app.areas.models import Area
from app.clock import utcnow
from app.contests.models import BudgetLine, Contest, Proposal, ProposalPartner
from app.contests.phases import is_open
from app.contests.proposals.eligibility import (
    budget_problem,
    is_within_contest,
    missing_for_submission,
)
from app.contests.proposals.errors import (
    AlreadyAnswered,
    AlreadyInvited,
    AlreadyLeads,
    AreaOutsideContest,
    BudgetOutOfBounds,
    CannotInvite,
    ContestNotOpen,
    MayNotLead,
    NotADraft,
    NotEligible,
    NotSubmitted,
    NotWithdrawn,
)
from app.contests.proposals.notices import tell_consortium, tell_invited, tell_lead_of_answer
from app.contests.proposals.queries import proposal_led_by
from app.contests.recusals import record_recusal
from app.contests.rules import may_lead_for
from app.contests.states import PartnerStatus, ProposalStatus
from app.extensions import db
from app.i18n import format_when
from app.notifications.models import NotificationKind
from app.organisations.models import Organisation

# --- drafting ----------------------------------------------------------------------------------


def require_changeable(proposal: Proposal, now: datetime | None = None) -> None:
    """A proposal's content, consortium and attachments change only in a draft of an open
    contest."""
    if proposal.status != ProposalStatus.DRAFT:
        raise NotADraft()
    if not is_open(proposal.contest, now):
        raise ContestNotOpen(proposal.contest, now)


def start_proposal(
    contest: Contest, organisation: Organisation, user: User, title: str, now=None
) -> tuple[Proposal, bool]:
    """A new draft led by `organisation`, or its withdrawn proposal reopened as a draft.
    Returns the proposal and whether it was reopened."""
    if not may_lead_for(user, organisation):
        raise MayNotLead()
    if not is_open(contest, now):
        raise ContestNotOpen(contest, now)
    proposal = proposal_led_by(contest, organisation)
    if proposal is not None:
        if proposal.status != ProposalStatus.WITHDRAWN:
            raise AlreadyLeads()
        reopen_proposal(proposal, now)
        proposal.title = title
        db.session.flush()
        return proposal, True
    proposal = Proposal(
        contest=contest, lead_organisation=organisation, title=title, created_by=user
    )
    db.session.add(proposal)
    flush_once(AlreadyLeads)  # the same draft started twice at once
    return proposal, False


def reopen_proposal(proposal: Proposal, now: datetime | None = None) -> None:
    if proposal.status != ProposalStatus.WITHDRAWN:
        raise NotWithdrawn()
    if not is_open(proposal.contest, now):
        raise ContestNotOpen(proposal.contest, now)
    proposal.status = ProposalStatus.DRAFT
    proposal.withdrawn_at = None
    proposal.submitted_at = None
    proposal.submitted_by = None
    db.session.flush()


@dataclass(frozen=True)
class ProposalDetails:
    title: str
    summary: str
    expected_beneficiaries: int | None
    beneficiaries_description: str
    timeline: str
    target_areas: Sequence[Area]
    budget_lines: Sequence[tuple[str, int]]  # (item, whole won > 0)


def update_proposal(proposal: Proposal, details: ProposalDetails, now=None) -> None:
    """Replace the proposal's text, target areas and budget, all or nothing."""
    require_changeable(proposal, now)
    if any(not is_within_contest(area, proposal.contest) for area in details.target_areas):
        raise AreaOutsideContest()
    problem = budget_problem(sum(amount for _, amount in details.budget_lines), proposal.contest)
    if problem:
        raise BudgetOutOfBounds(problem)
    proposal.title = details.title
    proposal.summary = details.summary
    proposal.expected_beneficiaries = details.expected_beneficiaries
    proposal.beneficiaries_description = details.beneficiaries_description
    proposal.timeline = details.timeline
    proposal.target_areas = list(details.target_areas)
    proposal.budget_lines = [
        BudgetLine(position=n, item=item, amount=amount)
        for n, (item, amount) in enumerate(details.budget_lines)
    ]
    db.session.flush()


# --- the consortium ----------------------------------------------------------------------------


def invite_partner(
    proposal: Proposal, organisation: Organisation, role_description: str, inviter: User, now=None
) -> ProposalPartner:
    require_changeable(proposal, now)
    if not organisation.is_verified or organisation.id == proposal.lead_organisation_id:
        raise CannotInvite()
    partner = next((p for p in proposal.partners if p.organisation_id == organisation.id), None)
    if partner is not None and partner.status != PartnerStatus.DECLINED:
        raise CannotInvite()
    if partner is None:
        partner = ProposalPartner(organisation=organisation)
        proposal.partners.append(partner)
    partner.status = PartnerStatus.INVITED
    partner.role_description = role_description
    partner.invited_by = inviter
    partner.invited_at = utcnow()
    partner.responded_by = None
    partner.responded_at = None
    flush_once(AlreadyInvited)  # the same invitation sent twice at once
    tell_invited(partner)
    return partner


def remove_partner(proposal: Proposal, partner: ProposalPartner, now=None) -> None:
    """Withdraw an invitation, or take a supporter out, while the proposal is a draft."""
    require_changeable(proposal, now)
    proposal.partners.remove(partner)
    db.session.flush()


def respond_to_invitation(partner: ProposalPartner, user: User, accept: bool, now=None) -> None:
    if partner.status != PartnerStatus.INVITED:
        raise AlreadyAnswered()
    require_changeable(partner.proposal, now)
    partner.status = PartnerStatus.ACCEPTED if accept else PartnerStatus.DECLINED
    partner.responded_by = user
    partner.responded_at = utcnow()
    db.session.flush()
    tell_lead_of_answer(partner)


# --- eligibility, submission, withdrawal --------------------------------------------------------


def submit_proposal(proposal: Proposal, user: User, now: datetime | None = None) -> None:
    """Checked again here, whatever the page showed: the deadline may have passed since."""
    if proposal.status == ProposalStatus.SUBMITTED:
        raise NotADraft(_("This proposal has already been submitted."))
    if proposal.status == ProposalStatus.WITHDRAWN:
        raise NotADraft(_("This proposal was withdrawn: reopen it as a draft first."))
    if not is_open(proposal.contest, now):
        raise ContestNotOpen(proposal.contest, now)
    missing = missing_for_submission(proposal, now)
    if missing:
        raise NotEligible(missing)
    proposal.status = ProposalStatus.SUBMITTED
    proposal.submitted_at = utcnow()
    proposal.submitted_by = user
    db.session.flush()
    # Reviewers who belong to an organisation of this consortium stand aside, on the record.
    for reviewer in proposal.contest.reviewers:
        record_recusal(reviewer.user, proposal)
    tell_consortium(
        proposal,
        NotificationKind.PROPOSAL_SUBMITTED,
        subject=_l("Proposal submitted: %(title)s"),
        body=_l(
            "“%(title)s”, led by %(lead)s, was submitted to the contest “%(contest)s” on "
            "%(when)s. This message is your receipt. The lead organisation may withdraw the "
            "proposal until the deadline, %(deadline)s."
        ),
        when=lambda: format_when(proposal.submitted_at),
    )


def withdraw_proposal(proposal: Proposal, now: datetime | None = None) -> None:
    if proposal.status != ProposalStatus.SUBMITTED:
        raise NotSubmitted()
    if not is_open(proposal.contest, now):
        raise ContestNotOpen(proposal.contest, now)
    proposal.status = ProposalStatus.WITHDRAWN
    proposal.withdrawn_at = utcnow()
    db.session.flush()
    tell_consortium(
        proposal,
        NotificationKind.PROPOSAL_WITHDRAWN,
        subject=_l("Proposal withdrawn: %(title)s"),
        body=_l(
            "“%(title)s”, led by %(lead)s, was withdrawn from the contest “%(contest)s”. The "
            "lead organisation may reopen it and submit it again until the deadline, "
            "%(deadline)s."
        ),
    )
