"""A contest's pages: the public list and a contest's page (with staff's tools on it); and
staff's side: create and edit it, close it early or extend it, assign reviewers, and download
the CSV exports."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.actions import attempt, show_refusal
from app.areas.services import area_overview
from app.clock import from_seoul
from app.contests import rules
from app.contests.blueprint import blueprint
from app.contests.management import export, services
from app.contests.management.errors import LockedOnceOpen
from app.contests.management.forms import (
    AssignReviewerForm,
    CloseEarlyForm,
    ContestForm,
    ContestTextsForm,
    ExtendDeadlineForm,
)
from app.contests.management.queries import list_contests, reviewer_rows
from app.contests.models import SCORE_MAX, SCORE_MIN, Contest, ContestReviewer
from app.contests.phases import phase_of
from app.contests.states import ContestPhase
from app.csv_files import download
from app.i18n import format_when
from app.lookups import current_person, load_or_404
from app.permissions import require
from app.query_args import page_arg
from app.submissions import attempt_once


def visible_contest(contest_id: int) -> Contest:
    """The contest if this person may see it; a draft does not exist for the public."""
    return load_or_404(Contest, contest_id, rules.may_view_contest)


def _managed_contest(contest_id: int) -> Contest:
    """Staff only (checked before looking the contest up, so nobody else learns which exist)."""
    require(rules.may_manage_contests(current_user))
    return load_or_404(Contest, contest_id)


def _to_contest(contest: Contest):
    return redirect(url_for(".show", contest_id=contest.id))


# --- the list and a contest's page ----------------------------------------------------------


@blueprint.get("/contests")
def index():
    page = list_contests(
        page_arg(request.args), include_drafts=rules.may_manage_contests(current_user)
    )
    return render_template("contests/management/index.html", page=page, phase_of=phase_of)


@blueprint.get("/contests/<int:contest_id>")
def show(contest_id: int):
    return render_contest_page(visible_contest(contest_id))


def render_contest_page(
    contest: Contest,
    close_form: CloseEarlyForm | None = None,
    extend_form: ExtendDeadlineForm | None = None,
    status: int = 200,
):
    """The contest's page; staff's close and extend forms come back with their errors."""
    staff_forms = {}
    if rules.may_manage_contests(current_user):
        staff_forms = {
            "close_form": close_form or CloseEarlyForm(prefix="close", formdata=None),
            "extend_form": extend_form or ExtendDeadlineForm(prefix="extend", formdata=None),
        }
    return (
        render_template(
            "contests/management/show.html",
            contest=contest,
            phase=phase_of(contest),
            score_min=SCORE_MIN,
            score_max=SCORE_MAX,
            **staff_forms,
        ),
        status,
    )


# --- creating and editing -------------------------------------------------------------------


@blueprint.route("/contests/new", methods=["GET", "POST"])
@login_required
def create():
    require(rules.may_manage_contests(current_user))
    form = ContestForm(areas_to_choose=area_overview())
    if form.validate_on_submit():
        outcome = attempt_once(
            form, Contest, lambda: services.create_contest(current_person(), form.details())
        )
        if not outcome.refused:
            contest = outcome.value
            flash(_("The contest “%(title)s” was created.", title=contest.title), "success")
            return _to_contest(contest)
        show_refusal(outcome.refusal, form)
    return render_template("contests/management/form.html", form=form, contest=None)


@blueprint.route("/contests/<int:contest_id>/edit", methods=["GET", "POST"])
@login_required
def edit(contest_id: int):
    contest = _managed_contest(contest_id)
    if phase_of(contest) == ContestPhase.DRAFT:
        return _edit_draft(contest)
    form = ContestTextsForm(obj=contest)
    if request.method == "POST" and "total_budget" in request.form:
        # The full form was sent, but the contest opened meanwhile: save nothing, say why.
        form.validate()
        show_refusal(LockedOnceOpen())
    elif form.validate_on_submit():
        outcome = attempt(lambda: services.update_texts(contest, form.texts()))
        if not outcome.refused:
            flash(_("Your changes were saved."), "success")
            return _to_contest(contest)
        show_refusal(outcome.refusal)
    return render_template("contests/management/form.html", form=form, contest=contest, locked=True)


def _edit_draft(contest: Contest):
    form = ContestForm(areas_to_choose=area_overview(), contest=contest)
    if form.validate_on_submit():
        outcome = attempt(lambda: services.update_contest(contest, form.details()))
        if not outcome.refused:
            flash(_("Your changes were saved."), "success")
            return _to_contest(contest)
        show_refusal(outcome.refusal, form)
    return render_template(
        "contests/management/form.html", form=form, contest=contest, locked=False
    )


# --- moving the deadline --------------------------------------------------------------------


@blueprint.post("/contests/<int:contest_id>/close")
@login_required
def close_early(contest_id: int):
    contest = _managed_contest(contest_id)
    form = CloseEarlyForm(prefix="close")
    if not form.validate():
        return render_contest_page(contest, close_form=form)
    outcome = attempt(lambda: services.close_early(contest, current_person(), form.reason.data))
    if outcome.refused:
        show_refusal(outcome.refusal)
    else:
        flash(_("The contest is closed: no more proposals can be submitted."), "success")
    return _to_contest(contest)


@blueprint.post("/contests/<int:contest_id>/extend")
@login_required
def extend(contest_id: int):
    contest = _managed_contest(contest_id)
    form = ExtendDeadlineForm(prefix="extend")
    if not form.validate():
        return render_contest_page(contest, extend_form=form)
    outcome = attempt(
        lambda: services.extend(
            contest,
            current_person(),
            from_seoul(form.closes_at.data),
            form.reason.data,
            format_results=format_when,
        )
    )
    if outcome.refused:
        if show_refusal(outcome.refusal, form):
            return render_contest_page(contest, extend_form=form)
    else:
        flash(
            _("The deadline is now %(deadline)s.", deadline=format_when(contest.closes_at)),
            "success",
        )
    return _to_contest(contest)


# --- reviewers ------------------------------------------------------------------------------


@blueprint.route("/contests/<int:contest_id>/reviewers", methods=["GET", "POST"])
@login_required
def reviewers(contest_id: int):
    contest = _managed_contest(contest_id)
    form = AssignReviewerForm()
    if form.validate_on_submit():
        outcome = attempt(
            lambda: services.assign_reviewer(contest, form.email.data, current_person())
        )
        if not outcome.refused:
            flash(
                _(
                    "%(person)s is now a reviewer and has been told.",
                    person=outcome.value.user.display_name,
                ),
                "success",
            )
            return redirect(url_for(".reviewers", contest_id=contest.id))
        show_refusal(outcome.refusal, form)
    return render_template(
        "contests/management/reviewers.html",
        contest=contest,
        form=form,
        rows=reviewer_rows(contest),
        phase=phase_of(contest),
    )


@blueprint.post("/contests/<int:contest_id>/reviewers/<int:reviewer_id>/remove")
@login_required
def remove_reviewer(contest_id: int, reviewer_id: int):
    """`reviewer_id` is the assignment's id (a ContestReviewer), not the person's."""
    contest = _managed_contest(contest_id)
    assignment = load_or_404(
        ContestReviewer, reviewer_id, lambda _viewer, found: found.contest_id == contest.id
    )
    person = assignment.user.display_name
    outcome = attempt(lambda: services.remove_reviewer(contest, assignment))
    if outcome.refused:
        show_refusal(outcome.refusal)
    else:
        flash(_("%(person)s is no longer a reviewer of this contest.", person=person), "success")
    return redirect(url_for(".reviewers", contest_id=contest.id))


# --- CSV exports ----------------------------------------------------------------------------


@blueprint.get("/contests/<int:contest_id>/proposals.csv")
@login_required
def export_proposals(contest_id: int):
    contest = _managed_contest(contest_id)
    return download(export.proposals_csv(contest), f"contest-{contest.id}-proposals.csv")


@blueprint.get("/contests/<int:contest_id>/scores.csv")
@login_required
def export_scores(contest_id: int):
    contest = _managed_contest(contest_id)
    return download(
        export.scores_csv(contest, current_person()), f"contest-{contest.id}-scores.csv"
    )
