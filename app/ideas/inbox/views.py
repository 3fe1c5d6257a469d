"""The staff's side of ideas: the inbox, an idea's staff page (assigning, review, answering,
internal notes), the CSV export. (The administrators' departments: app.ideas.departments.)

Staff only (rules.may_work_on_ideas), checked before anything is looked up. Every change is a
CSRF-protected POST, answered by a flash message and a redirect. A form sent from a page drawn
before someone else changed the idea comes back with 409, what was typed kept, and the idea as
it is now.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from app.actions import attempt, show_refusal
from app.clock import seoul_today
from app.csv_files import download
from app.i18n import safe_next_url
from app.ideas import rules
from app.ideas.blueprint import blueprint
from app.ideas.comments.queries import comments_on
from app.ideas.deadlines import answered_on_time
from app.ideas.departments.queries import active_departments, list_departments
from app.ideas.inbox import export, queries, services
from app.ideas.inbox.errors import IdeaChanged
from app.ideas.inbox.forms import (
    AnswerForm,
    AssignForm,
    BulkAssignForm,
    InboxFilterForm,
    NoteForm,
    VersionForm,
    answer_form_for,
)
from app.ideas.models import Idea, IdeaNote
from app.lookups import current_person, load_or_404
from app.permissions import require
from app.query_args import page_arg
from app.submissions import attempt_once


def _staff_idea(idea_id: int) -> Idea:
    """Staff only (checked before the lookup, so nobody else learns which ideas exist)."""
    require(rules.may_work_on_ideas(current_user))
    return load_or_404(Idea, idea_id, options=queries.staff_page_options())


def _to_staff_idea(idea: Idea, anchor: str | None = None):
    return redirect(url_for(".staff_idea", idea_id=idea.id, _anchor=anchor))


def _is_stale(form, idea: Idea) -> bool:
    return form.version.data is not None and form.version.data != idea.version


def _catch_up(form, idea: Idea) -> None:
    """Move the form to the idea's current version: sending it again is now a choice made
    with the current state in view."""
    form.version.data = idea.version
    form.version.raw_data = [str(idea.version)]


# --- the inbox -----------------------------------------------------------------------------------


@blueprint.get("/staff/ideas", endpoint="inbox")
def show_inbox():
    require(rules.may_work_on_ideas(current_user))
    return _render_inbox(request.args)


def _render_inbox(args, bulk_form: BulkAssignForm | None = None, status: int = 200):
    filters = queries.parse_inbox_filters(args)
    page = queries.inbox_page(filters, current_person(), page_arg(args))
    today = seoul_today()
    all_departments = list_departments()
    if bulk_form is None:
        bulk_form = BulkAssignForm(
            formdata=None,
            departments=[d for d in all_departments if d.is_active],
            staff=queries.assignable_staff(),
        )
    return (
        render_template(
            "ideas/inbox/inbox.html",
            page=page,
            filters=filters,
            filter_form=InboxFilterForm(filters, all_departments, queries.staff_to_filter_by()),
            bulk_form=bulk_form,
            counts=queries.inbox_counts(today),
            supports=queries.support_counts(page.items),
            today=today,
            days_overdue=queries.days_overdue,
        ),
        status,
    )


@blueprint.post("/staff/ideas/assign")
def bulk_assign():
    require(rules.may_work_on_ideas(current_user))
    back = safe_next_url(request.form.get("next"), url_for(".inbox"))
    form = BulkAssignForm(departments=active_departments(), staff=queries.assignable_staff())
    if not form.validate_on_submit():
        # The inbox again, as it was (its filters are in `back`), the ticks and messages kept.
        return _render_inbox(MultiDict(parse_qsl(urlsplit(back).query)), form, status=400)
    ideas = queries.ideas_with_ids(form.ideas.data)
    outcome = attempt(
        lambda: services.bulk_assign(
            ideas,
            current_person(),
            department=form.chosen_department,
            assignee=form.chosen_assignee,
        )
    )
    if outcome.refused and outcome.refusal.conflict:
        flash(
            _(
                "Someone else changed one of these ideas at the same moment, so nothing was "
                "assigned. Try again."
            ),
            "error",
        )
    elif outcome.refused:
        show_refusal(outcome.refusal)
    else:
        _report_bulk(outcome.value)
    return redirect(back)


def _report_bulk(result: services.BulkAssignment) -> None:
    if result.assigned:
        count = len(result.assigned)
        flash(
            ngettext("%(num)d idea was assigned.", "%(num)d ideas were assigned.", count),
            "success",
        )
    if result.unchanged:
        count = len(result.unchanged)
        flash(
            ngettext(
                "%(num)d idea was held that way already.",
                "%(num)d ideas were held that way already.",
                count,
            ),
            "success",
        )
    if result.answered:
        flash(
            _(
                "Left as they are, because they are answered: %(ideas)s.",
                ideas=", ".join(f"#{idea.id}" for idea in result.answered),
            ),
            "warning",
        )


@blueprint.get("/staff/ideas.csv", endpoint="export")
def export_ideas():
    require(rules.may_work_on_ideas(current_user))
    filters = queries.parse_inbox_filters(request.args)
    # Names of who holds what: internal, never cached (download's default).
    return download(export.ideas_csv(filters, current_person()), export.filename())


# --- an idea's staff page ------------------------------------------------------------------------


@blueprint.get("/staff/ideas/<int:idea_id>")
def staff_idea(idea_id: int):
    return _staff_page(_staff_idea(idea_id))


def _staff_page(
    idea: Idea,
    *,
    assign_form: AssignForm | None = None,
    review_form: VersionForm | None = None,
    note_form: NoteForm | None = None,
    conflict: str | None = None,
    status: int = 200,
):
    today = seoul_today()
    return (
        render_template(
            "ideas/inbox/staff_idea.html",
            idea=idea,
            today=today,
            overdue_days=queries.days_overdue(idea, today),
            # answered_at is set whenever the idea is answered; its test is for mypy.
            answered_late=idea.is_answered
            and idea.answered_at is not None
            and not answered_on_time(idea.answered_at, idea.due_on),
            supports=queries.support_counts([idea]).get(idea.id, 0),
            comments=comments_on(idea),
            notes=queries.notes_on(idea),
            history=queries.history_of(idea),
            assign_form=assign_form or _assign_form(idea, formdata=None),
            review_form=review_form
            or VersionForm(formdata=None, prefix="review", data={"version": idea.version}),
            note_form=note_form or NoteForm(formdata=None),
            conflict=conflict,
        ),
        status,
    )


def _assign_form(idea: Idea, **kwargs) -> AssignForm:
    return AssignForm(idea, active_departments(), queries.assignable_staff(), **kwargs)


@blueprint.post("/staff/ideas/<int:idea_id>/assign")
def assign(idea_id: int):
    idea = _staff_idea(idea_id)
    form = _assign_form(idea)
    if not form.validate_on_submit():
        if _is_stale(form, idea):
            _catch_up(form, idea)
            return _staff_page(idea, assign_form=form, conflict=IdeaChanged.message, status=409)
        return _staff_page(idea, assign_form=form, status=400)
    outcome = attempt(
        lambda: services.assign(
            idea,
            current_person(),
            department=form.chosen_department,
            assignee=form.chosen_assignee,
            version=form.version.data,
        )
    )
    if outcome.refused and outcome.refusal.conflict:
        _catch_up(form, idea)
        return _staff_page(idea, assign_form=form, conflict=IdeaChanged.message, status=409)
    if outcome.refused:
        show_refusal(outcome.refusal)
    elif outcome.value:
        flash(_("The idea is assigned."), "success")
    else:
        flash(_("Nothing changed: the idea was held that way already."), "success")
    return _to_staff_idea(idea)


@blueprint.post("/staff/ideas/<int:idea_id>/review")
def start_review(idea_id: int):
    idea = _staff_idea(idea_id)
    form = VersionForm(prefix="review")
    if not form.validate_on_submit():
        return _staff_page(idea, review_form=form, status=400)
    outcome = attempt(lambda: services.start_review(idea, current_person(), form.version.data))
    if outcome.refused and outcome.refusal.conflict:
        _catch_up(form, idea)
        return _staff_page(idea, review_form=form, conflict=IdeaChanged.message, status=409)
    if outcome.refused:
        show_refusal(outcome.refusal)
    else:
        flash(_("The idea is now under review."), "success")
    return _to_staff_idea(idea)


@blueprint.post("/staff/ideas/<int:idea_id>/notes")
def add_note(idea_id: int):
    idea = _staff_idea(idea_id)
    form = NoteForm()
    if not form.validate_on_submit():
        return _staff_page(idea, note_form=form, status=400)
    outcome = attempt_once(
        form, IdeaNote, lambda: services.add_note(idea, current_person(), form.body.data)
    )
    if outcome.refused:
        show_refusal(outcome.refusal)
        return _to_staff_idea(idea, "notes")
    flash(_("Your note is added. Only staff can read it."), "success")
    return _to_staff_idea(idea, "notes")


# --- answering -----------------------------------------------------------------------------------


def _answer_page(idea: Idea, form: AnswerForm, *, conflict=None, error=None, status: int = 200):
    return (
        render_template(
            "ideas/inbox/answer.html", idea=idea, form=form, conflict=conflict, error=error
        ),
        status,
    )


@blueprint.route("/staff/ideas/<int:idea_id>/answer", methods=["GET", "POST"])
def answer(idea_id: int):
    idea = _staff_idea(idea_id)
    if request.method == "GET":
        return _answer_page(idea, answer_form_for(idea))
    form = AnswerForm()
    if not form.validate_on_submit():
        if _is_stale(form, idea):
            _catch_up(form, idea)
            return _answer_page(idea, form, conflict=IdeaChanged.message, status=409)
        return _answer_page(idea, form, status=400)
    correcting = idea.is_answered
    service = services.edit_response if correcting else services.answer
    outcome = attempt(
        lambda: service(
            idea, current_person(), form.outcome.data, form.response.data, form.version.data
        )
    )
    if outcome.refused and outcome.refusal.conflict:
        _catch_up(form, idea)
        return _answer_page(idea, form, conflict=IdeaChanged.message, status=409)
    if outcome.refused:
        return _answer_page(idea, form, error=outcome.refusal.message, status=409)
    result = outcome.value
    if not correcting:
        flash(
            ngettext(
                "The answer is published. %(num)d person who follows the idea is told.",
                "The answer is published. %(num)d people who follow the idea are told.",
                result,
            ),
            "success",
        )
    elif result:
        flash(_("The response is corrected. Nobody is told again."), "success")
    else:
        flash(_("Nothing changed: the response was already like this."), "success")
    return _to_staff_idea(idea)
