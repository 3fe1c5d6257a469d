"""Whether a proposal fits its contest: its target areas, its budget, and what still stands
between a draft and its submission. Pure: read the proposal, change nothing."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from flask_babel import ngettext

from app.areas.models import Area
from app.contests.models import Contest, Proposal
from app.contests.phases import is_open
from app.contests.proposals.errors import ContestNotOpen
from app.contests.states import PartnerStatus
from app.i18n import format_krw


def is_within_contest(area: Area, contest: Contest) -> bool:
    """A contest without target areas takes the whole city; otherwise a target area, or a
    dong whose gu is a target."""
    if not contest.target_areas:
        return True
    targets = {a.id for a in contest.target_areas}
    return area.id in targets or (area.parent_id is not None and area.parent_id in targets)


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
