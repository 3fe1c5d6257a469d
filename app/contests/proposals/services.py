"""Proposals and their consortia: drafting, inviting supporters, answering, submitting,
withdrawing; what is still missing before submission; and the lists a person's pages show.

Services flush, never commit, and check the state themselves (the page a person saw may be
out of date: the deadline may have passed since). A refused step raises a `ProposalError`
whose `message` the view shows as it is. Who may act is asked in app.contests.rules.

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
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import or_, select

from app.accounts.models import User
from app.areas.models import Area
from app.areas.services import area_overview
from app.clock import utcnow
from app.contests.models import (
    BudgetLine,
    Contest,
    ContestPhase,
    PartnerStatus,
    Proposal,
    ProposalPartner,
    ProposalStatus,
)
from app.contests.phases import is_open, phase_of
from app.contests.proposals.notices import tell_consortium, tell_invited, tell_lead_of_answer
from app.contests.recusals import record_recusal
from app.contests.rules import may_lead_for
from app.extensions import db
from app.forms import area_checkbox_groups
from app.i18n import format_krw, format_when
from app.notifications.models import NotificationKind
from app.organisations.models import Membership, MembershipStatus, Organisation, OrganisationStatus


class ProposalError(Exception):
    message = _l("This cannot be done now.")

    def __init__(self, message=None) -> None:
        if message is not None:
            self.message = message
        super().__init__(str(self.message))


class ContestNotOpen(ProposalError):
    def __init__(self, contest: Contest, now: datetime | None = None) -> None:
        if phase_of(contest, now) == ContestPhase.DRAFT:
            super().__init__(_("This contest is not open for proposals yet."))
        else:
            super().__init__(
                _(
                    "The deadline for proposals passed on %(deadline)s: this can no longer "
                    "be done.",
                    deadline=format_when(contest.closes_at),
                )
            )


class NotADraft(ProposalError):
    message = _l("Only a draft proposal can be changed.")


class MayNotLead(ProposalError):
    message = _l("Choose a verified organisation that you represent.")


class AlreadyLeads(ProposalError):
    message = _l("This organisation already leads a proposal in this contest.")


class NotEligible(ProposalError):
    message = _l(
        "This proposal cannot be submitted yet. The list on its page says what is missing."
    )

    def __init__(self, missing: list[str]) -> None:
        super().__init__()
        self.missing = missing


class NotSubmitted(ProposalError):
    message = _l("Only a submitted proposal can be withdrawn.")


class NotWithdrawn(ProposalError):
    message = _l("Only a withdrawn proposal can be reopened.")


class CannotInvite(ProposalError):
    message = _l("Choose a verified organisation that is not in this consortium yet.")


class AlreadyAnswered(ProposalError):
    message = _l("This invitation has already been answered.")


class AreaOutsideContest(ProposalError):
    message = _l("Choose target areas within the contest's target areas.")


class BudgetOutOfBounds(ProposalError):
    pass


# --- drafting ----------------------------------------------------------------------------------


def require_changeable(proposal: Proposal, now: datetime | None = None) -> None:
    """A proposal's content, consortium and attachments change only in a draft of an open
    contest."""
    if proposal.status != ProposalStatus.DRAFT:
        raise NotADraft()
    if not is_open(proposal.contest, now):
        raise ContestNotOpen(proposal.contest, now)


def organisations_represented(user: User) -> list[Organisation]:
    """Verified organisations this person represents: the ones they may put forward as lead."""
    statement = (
        select(Organisation)
        .join(Membership, Membership.organisation_id == Organisation.id)
        .where(
            Membership.user_id == user.id,
            Membership.status == MembershipStatus.APPROVED,
            Membership.is_representative.is_(True),
            Organisation.status == OrganisationStatus.VERIFIED,
        )
        .order_by(Organisation.name_ko)
    )
    return list(db.session.scalars(statement))


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
    db.session.flush()
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


def is_within_contest(area: Area, contest: Contest) -> bool:
    """A contest without target areas takes the whole city; otherwise a target area, or a
    dong whose gu is a target."""
    if not contest.target_areas:
        return True
    targets = {a.id for a in contest.target_areas}
    return area.id in targets or (area.parent_id is not None and area.parent_id in targets)


def selectable_areas(contest: Contest) -> list[tuple[Area | None, list[Area]]]:
    """The areas a proposal may name, grouped by gu (the gu itself first in its group)."""
    groups = []
    for gu, areas in area_checkbox_groups(area_overview()):
        inside = [a for a in areas if is_within_contest(a, contest)]
        if inside:
            groups.append((gu, inside))
    return groups


@dataclass(frozen=True)
class ProposalDetails:
    title: str
    summary: str
    expected_beneficiaries: int | None
    beneficiaries_description: str
    timeline: str
    target_areas: Sequence[Area]
    budget_lines: Sequence[tuple[str, int]]  # (item, whole won > 0)


def budget_problem(total: int, contest: Contest) -> str | None:
    """Why a budget of `total` won cannot go to this contest, or None."""
    if total <= 0:
        return _("Enter at least one budget line with an amount.")
    if total > contest.max_per_proposal:
        return _(
            "The budget adds up to %(total)s, more than the maximum of %(maximum)s per proposal.",
            total=format_krw(total),
            maximum=format_krw(contest.max_per_proposal),
        )
    return None


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
    db.session.flush()
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


def missing_for_submission(proposal: Proposal, now: datetime | None = None) -> list[str]:
    """What still stands between this draft and its submission, in plain words; empty when
    it may be submitted. Pure: reads the proposal, changes nothing."""
    contest = proposal.contest
    missing: list[str] = []
    if not is_open(contest, now):
        missing.append(ContestNotOpen(contest, now).message)
    if not proposal.lead_organisation.is_verified:
        missing.append(_("The lead organisation is not verified any more."))
    members = len(proposal.consortium())
    if members < contest.min_organisations:
        more = contest.min_organisations - members
        missing.append(
            ngettext(
                "The consortium needs at least %(minimum)d organisations, the lead included: "
                "%(num)d more organisation must accept an invitation.",
                "The consortium needs at least %(minimum)d organisations, the lead included: "
                "%(num)d more organisations must accept an invitation.",
                more,
                minimum=contest.min_organisations,
            )
        )
    waiting = sum(1 for p in proposal.partners if p.status == PartnerStatus.INVITED)
    if waiting:
        missing.append(
            ngettext(
                "%(num)d invitation is still unanswered: wait for the answer or withdraw it.",
                "%(num)d invitations are still unanswered: wait for the answers or withdraw them.",
                waiting,
            )
        )
    if not proposal.summary.strip():
        missing.append(_("Write a summary of the project."))
    if not proposal.expected_beneficiaries:
        missing.append(_("Say how many people the project expects to reach."))
    if not proposal.beneficiaries_description.strip():
        missing.append(_("Describe who the beneficiaries are."))
    if not proposal.timeline.strip():
        missing.append(_("Write the timeline of the project."))
    if not proposal.target_areas:
        missing.append(_("Choose at least one target area."))
    elif any(not is_within_contest(a, contest) for a in proposal.target_areas):
        missing.append(_("Remove the target areas that are outside the contest's target areas."))
    problem = budget_problem(proposal.requested_amount, contest)
    if problem:
        missing.append(problem)
    return missing


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
