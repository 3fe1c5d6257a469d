"""Who may do what with contests, proposals, reviews and decisions.

Pure questions, no writes: views ask them (through `require`) before calling a service, and
the services check the state (phase, status) themselves. Recusal is decided here too, so that
a reviewer who belongs to a consortium's organisation is kept away from its scores everywhere,
whether or not a `Recusal` row has been written yet.
"""

from __future__ import annotations

from typing import Any

from app.accounts.models import User
from app.contests.models import Contest, Proposal, ProposalPartner
from app.contests.phases import phase_of
from app.contests.states import ContestPhase, PartnerStatus, ProposalStatus
from app.organisations.models import Organisation
from app.organisations.rules import is_member_of, is_representative_of
from app.permissions import Power, has_power, signed_in


def may_manage_contests(user: User | Any) -> bool:
    return has_power(user, Power.MANAGE_CONTESTS)


def may_view_contest(user: User | Any, contest: Contest) -> bool:
    """A contest is public once it opens; before that only staff see the draft."""
    return phase_of(contest) != ContestPhase.DRAFT or may_manage_contests(user)


def may_lead_for(user: User | Any, organisation: Organisation) -> bool:
    """Only a verified organisation's representative puts it forward as a lead."""
    return organisation.is_verified and is_representative_of(user, organisation)


def may_edit_proposal(user: User | Any, proposal: Proposal) -> bool:
    """The lead's representative writes the proposal, invites supporters, submits, withdraws."""
    return is_representative_of(user, proposal.lead_organisation)


def may_respond_to_invitation(user: User | Any, partner: ProposalPartner) -> bool:
    return is_representative_of(user, partner.organisation)


def is_in_consortium(user: User | Any, proposal: Proposal) -> bool:
    """A member of the lead or of any invited or accepted supporter."""
    return any(is_member_of(user, o) for o in proposal.involved_organisations())


def is_reviewer(user: User | Any, contest: Contest) -> bool:
    return signed_in(user) and any(r.user_id == user.id for r in contest.reviewers)


def conflicting_organisations(user: User | Any, proposal: Proposal) -> list[Organisation]:
    """The consortium's organisations this person belongs to."""
    return [o for o in proposal.involved_organisations() if is_member_of(user, o)]


def is_recused(user: User | Any, proposal: Proposal) -> bool:
    """Recused by a recorded recusal, or by belonging to an organisation in the consortium."""
    if not signed_in(user):
        return False
    if any(r.reviewer_id == user.id for r in proposal.recusals):
        return True
    return bool(conflicting_organisations(user, proposal))


def may_review(user: User | Any, proposal: Proposal) -> bool:
    """Read a submitted proposal as its reviewer (scoring also needs the review phase)."""
    return (
        proposal.status == ProposalStatus.SUBMITTED
        and is_reviewer(user, proposal.contest)
        and phase_of(proposal.contest) in (ContestPhase.REVIEW, ContestPhase.RESULTS)
        and not is_recused(user, proposal)
    )


def may_score(user: User | Any, proposal: Proposal) -> bool:
    return may_review(user, proposal) and phase_of(proposal.contest) == ContestPhase.REVIEW


def may_see_all_scores(user: User | Any, proposal: Proposal) -> bool:
    """Staff see every reviewer's scores, unless they themselves have a stake in it."""
    return may_manage_contests(user) and not is_recused(user, proposal)


def may_view_proposal(user: User | Any, proposal: Proposal) -> bool:
    """The consortium and staff always; reviewers once it is theirs to review; everyone once
    the results are public and it was selected."""
    if may_manage_contests(user) or is_in_consortium(user, proposal) or may_review(user, proposal):
        return True
    return is_public_project(proposal)


def is_public_project(proposal: Proposal) -> bool:
    """A funded project, shown to everyone from the results date."""
    return (
        proposal.status == ProposalStatus.SUBMITTED
        and phase_of(proposal.contest) == ContestPhase.RESULTS
        and proposal.decision is not None
        and proposal.decision.selected
    )


def may_see_attachments(user: User | Any, proposal: Proposal) -> bool:
    """Attachments may carry names and budgets in detail: never public."""
    return (
        may_manage_contests(user) or is_in_consortium(user, proposal) or may_review(user, proposal)
    )


def pending_invitation_for(user: User | Any, proposal: Proposal) -> ProposalPartner | None:
    for partner in proposal.partners:
        if partner.status == PartnerStatus.INVITED and may_respond_to_invitation(user, partner):
            return partner
    return None


# --- decisions and results ---------------------------------------------------------


def may_decide(user: User | Any, proposal: Proposal) -> bool:
    """Staff decide on a submitted proposal, unless they themselves have a stake in it (the
    same conflict that hides its scores from them)."""
    return proposal.status == ProposalStatus.SUBMITTED and may_see_all_scores(user, proposal)


def may_see_results(user: User | Any, contest: Contest) -> bool:
    """Everyone from the results date; before it, staff see a marked preview."""
    phase = phase_of(contest)
    return phase == ContestPhase.RESULTS or (
        phase == ContestPhase.REVIEW and may_manage_contests(user)
    )
