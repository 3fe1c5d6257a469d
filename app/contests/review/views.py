"""Review pages: a reviewer's list, scoring, declaring a conflict; staff's ranking and
decisions. The panels the contest's and the proposal's pages include (_show_review.html,
_proposal_review.html) get their data from the template globals at the end, which apply the
same rules as these views."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.actions import attempt, show_refusal
from app.contests import rules
from app.contests.blueprint import blueprint
from app.contests.models import SCORE_MAX, SCORE_MIN, Contest, Decision, Proposal, Recusal
from app.contests.phases import phase_of, results_are_public
from app.contests.recusals import record_conflicts
from app.contests.results.forms import PublishForm
from app.contests.review.errors import COMMENT_REQUIRED_AT_MOST
from app.contests.review.forms import DecisionForm, RecusalForm, score_form_for
from app.contests.review.queries import (
    ReviewerTotal,
    Standing,
    amount_limit,
    budget_of,
    one_decimal,
    rank_proposals,
    review_is_visible,
    reviewer_list,
    scores_by,
    standing_of,
    weighted_total,
)
from app.contests.review.services import declare_recusal, record_decision, save_scores
from app.contests.states import ContestPhase
from app.extensions import db
from app.lookups import current_person, load_or_404
from app.permissions import require
from app.transactions import writes

REVIEW_PHASES = (ContestPhase.REVIEW, ContestPhase.RESULTS)


def visible_contest(contest_id: int) -> Contest:
    return load_or_404(Contest, contest_id, rules.may_view_contest)


def _may_see_for_review(viewer, proposal: Proposal) -> bool:
    """A proposal this person may see, or that is on their review list (a reviewer who
    stands aside still sees its title there); otherwise it does not exist for them."""
    on_list = (
        rules.is_reviewer(viewer, proposal.contest)
        and review_is_visible(proposal.contest)
        and proposal.status == "submitted"
    )
    return on_list or rules.may_view_proposal(viewer, proposal)


def _proposal_for_review(proposal_id: int) -> Proposal:
    return load_or_404(Proposal, proposal_id, _may_see_for_review)


def contest_home(contest: Contest):
    """Where staff go back to: the ranking once there is one, else the contest's page."""
    if phase_of(contest) in REVIEW_PHASES:
        return redirect(url_for(".ranking", contest_id=contest.id))
    return redirect(url_for(".show", contest_id=contest.id))


# --- reviewers ---------------------------------------------------------------------------------


@blueprint.get("/contests/<int:contest_id>/review")
@writes  # records conflicts of interest
@login_required
def review(contest_id: int):
    contest = visible_contest(contest_id)
    require(rules.is_reviewer(current_user, contest))
    me = current_person()
    record_conflicts(contest, [me])
    listing = reviewer_list(contest, me)
    db.session.commit()  # the conflicts found stay on record
    return render_template(
        "contests/review/review.html",
        contest=contest,
        listing=listing,
        phase=phase_of(contest),
        may_score=phase_of(contest) == ContestPhase.REVIEW,
    )


def _render_score_page(proposal: Proposal, form, recusal_form: RecusalForm):
    return render_template(
        "contests/review/score.html",
        proposal=proposal,
        contest=proposal.contest,
        form=form,
        recusal_form=recusal_form,
        score_min=SCORE_MIN,
        score_max=SCORE_MAX,
        comment_required_at_most=COMMENT_REQUIRED_AT_MOST,
    )


@blueprint.route("/proposals/<int:proposal_id>/score", methods=["GET", "POST"])
@login_required
def score(proposal_id: int):
    proposal = _proposal_for_review(proposal_id)
    require(rules.may_score(current_user, proposal))
    me = current_person()
    earlier = scores_by(proposal, me) if request.method == "GET" else {}
    form = score_form_for(proposal.contest.criteria, earlier)
    if form.validate_on_submit():
        outcome = attempt(lambda: save_scores(proposal, me, form.entries()))
        if not outcome.refused:
            flash(_("Your scores for “%(title)s” were saved.", title=proposal.title), "success")
            return redirect(url_for(".review", contest_id=proposal.contest_id))
        show_refusal(outcome.refusal)
    return _render_score_page(proposal, form, RecusalForm(formdata=None))


@blueprint.post("/proposals/<int:proposal_id>/recuse")
@login_required
def recuse(proposal_id: int):
    proposal = _proposal_for_review(proposal_id)
    require(rules.may_score(current_user, proposal))
    form = RecusalForm()
    if not form.validate():
        earlier = scores_by(proposal, current_person())
        return _render_score_page(
            proposal, score_form_for(proposal.contest.criteria, earlier), form
        )
    outcome = attempt(lambda: declare_recusal(proposal, current_person(), form.note.data))
    if outcome.refused:
        show_refusal(outcome.refusal)
        return redirect(url_for(".review", contest_id=proposal.contest_id))
    deleted = outcome.value
    if deleted:
        message = ngettext(
            "You stand aside from “%(title)s”. Your %(num)d score on it was deleted.",
            "You stand aside from “%(title)s”. Your %(num)d scores on it were deleted.",
            deleted,
            title=proposal.title,
        )
    else:
        message = _("You stand aside from “%(title)s”.", title=proposal.title)
    flash(message, "success")
    return redirect(url_for(".review", contest_id=proposal.contest_id))


# --- staff -------------------------------------------------------------------------------------


@blueprint.get("/contests/<int:contest_id>/ranking")
@writes  # records conflicts of interest
@login_required
def ranking(contest_id: int):
    contest = visible_contest(contest_id)
    require(rules.may_manage_contests(current_user))
    if phase_of(contest) not in REVIEW_PHASES:
        abort(404)  # nothing is ranked before the deadline
    record_conflicts(contest)  # so that the scores left out of the totals are on record
    db.session.commit()
    return render_template(
        "contests/review/ranking.html",
        contest=contest,
        ranking=rank_proposals(contest, current_person()),
        phase=phase_of(contest),
        publish_form=PublishForm(formdata=None),
        score_max=SCORE_MAX,
    )


@blueprint.route("/proposals/<int:proposal_id>/decision", methods=["GET", "POST"])
@login_required
def decide(proposal_id: int):
    proposal = _proposal_for_review(proposal_id)
    require(rules.may_decide(current_user, proposal))
    if phase_of(proposal.contest) != ContestPhase.REVIEW:
        flash(_("Decisions can be made and changed only while the contest is under review."))
        return contest_home(proposal.contest)
    form = DecisionForm(data=_decision_data(proposal.decision), limit=amount_limit(proposal))
    if form.validate_on_submit():
        outcome = attempt(
            lambda: record_decision(
                proposal, current_person(), form.is_selected, form.amount, form.public_reason.data
            )
        )
        if not outcome.refused:
            flash(_("The decision on “%(title)s” was saved.", title=proposal.title), "success")
            return redirect(url_for(".ranking", contest_id=proposal.contest_id))
        if not show_refusal(outcome.refusal, form):  # the amount's errors stay on the form
            return contest_home(proposal.contest)
    return render_template(
        "contests/review/decide.html",
        proposal=proposal,
        contest=proposal.contest,
        form=form,
        limit=amount_limit(proposal),
        budget=budget_of(proposal.contest, leaving_out=proposal),
        standing=standing_of(proposal),
    )


def _decision_data(decision: Decision | None) -> dict | None:
    if decision is None or request.method != "GET":
        return None
    return {
        "selected": "yes" if decision.selected else "no",
        "amount_awarded": f"{decision.amount_awarded:,}" if decision.selected else "",
        "public_reason": decision.public_reason,
    }


# --- for templates -------------------------------------------------------------------------------


@blueprint.app_template_filter("points")
def format_points(value: Fraction | None) -> str:
    """A total or mean with one decimal, in the reader's locale."""
    rounded = one_decimal(value)
    return "" if rounded is None else format_decimal(rounded, format="#,##0.0")


@dataclass
class ProposalPanel:
    """What the proposal's page shows of its review to the person looking."""

    proposal: Proposal
    reviewer: bool = False  # the viewer is one of the contest's reviewers, in review or after
    recusal: Recusal | None = None
    conflicts: tuple = ()
    stands_aside: bool = False
    my_total: ReviewerTotal | None = None
    may_score: bool = False
    staff: bool = False
    standing: Standing | None = None  # None when the viewing staff member stands aside
    may_decide: bool = False
    decision: Decision | None = None  # the decision, when this viewer may see it
    results_public: bool = False


@blueprint.app_template_global("proposal_review_panel")
def proposal_review_panel(proposal: Proposal) -> ProposalPanel:
    viewer = current_user
    contest = proposal.contest
    panel = ProposalPanel(proposal, results_public=results_are_public(contest))
    if proposal.status != "submitted":
        return panel
    in_review = review_is_visible(contest)
    if in_review and rules.is_reviewer(viewer, contest):
        panel.reviewer = True
        panel.stands_aside = rules.is_recused(viewer, proposal)
        if panel.stands_aside:
            panel.recusal = next((r for r in proposal.recusals if r.reviewer_id == viewer.id), None)
            panel.conflicts = tuple(rules.conflicting_organisations(viewer, proposal))
        else:
            scores = scores_by(proposal, viewer)
            panel.my_total = ReviewerTotal(viewer, scores, weighted_total(contest.criteria, scores))
            panel.may_score = rules.may_score(viewer, proposal)
    if in_review and rules.may_manage_contests(viewer):
        panel.staff = True
        if rules.may_see_all_scores(viewer, proposal):
            panel.standing = standing_of(proposal)
            panel.decision = proposal.decision
            panel.may_decide = phase_of(contest) == ContestPhase.REVIEW
    if panel.results_public and (
        rules.is_public_project(proposal) or rules.is_in_consortium(viewer, proposal)
    ):
        panel.decision = proposal.decision
    return panel


@blueprint.app_template_global("contest_review_links")
def contest_review_links(contest: Contest) -> dict:
    phase = phase_of(contest)
    return {
        "phase": phase,
        "reviewer": rules.is_reviewer(current_user, contest) and phase != ContestPhase.DRAFT,
        "staff": rules.may_manage_contests(current_user) and phase in REVIEW_PHASES,
        "results": rules.may_see_results(current_user, contest),
        "results_public": phase == ContestPhase.RESULTS,
    }
