"""A visitor's pages: my visits today, a visit's page (each view access-logged), its outcome
and, once its day is over, its amendments."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.access_log import AccessAction
from app.actions import attempt, show_refusal
from app.clock import seoul_today
from app.extensions import db
from app.lookups import current_person, load_or_404
from app.permissions import require
from app.visits import queries, rules
from app.visits.blueprint import blueprint
from app.visits.forms import AmendmentForm, OutcomeForm
from app.visits.models import Visit, VisitOutcome
from app.visits.services import VisitRecord, amend, log_visit_access, record_outcome


@blueprint.get("/visits/today")
@login_required
def today():
    me = current_person()
    require(rules.may_have_visits(me))
    day = seoul_today()
    return render_template("visits/today.html", visits=queries.visits_of(me, day), day=day)


def _visit(visit_id: int) -> Visit:
    """A visit one is not assigned to answers 403 (its existence is no secret to a visitor of
    the dong: rounds are printed)."""
    visit = load_or_404(Visit, visit_id)
    require(rules.may_view_visit(current_user, visit))
    return visit


def _visit_page(visit: Visit, outcome_form: OutcomeForm, amendment_form: AmendmentForm):
    # Logged and committed before anything of the record is drawn (app/access_log.py).
    log_visit_access(visit, AccessAction.VIEW)
    db.session.commit()
    return render_template(
        "visits/show.html",
        visit=visit,
        locked=visit.is_locked(),
        outcome_form=outcome_form,
        amendment_form=amendment_form,
    )


@blueprint.get("/visits/<int:visit_id>")
@login_required
def show(visit_id: int):
    visit = _visit(visit_id)
    form = OutcomeForm(
        data={
            "outcome": visit.outcome.value if visit.outcome else None,
            "notes": visit.notes,
            "next_visit_on": visit.next_visit_on,
        }
    )
    return _visit_page(visit, form, AmendmentForm())


@blueprint.post("/visits/<int:visit_id>/outcome")
@login_required
def outcome(visit_id: int):
    visit = _visit(visit_id)
    require(rules.may_record(current_user, visit))
    form = OutcomeForm()
    if form.validate_on_submit():
        record = VisitRecord(
            VisitOutcome(form.outcome.data), form.notes.data or "", form.next_visit_on.data
        )
        done = attempt(lambda: record_outcome(visit, record, current_person()))
        if not done.refused:
            flash(_("The visit was recorded."), "success")
            return redirect(url_for(".show", visit_id=visit.id))
        # A locked record's page has no outcome form: the message is flashed above it.
        show_refusal(done.refusal, None if visit.is_locked() else form)
    return _visit_page(visit, form, AmendmentForm())


@blueprint.post("/visits/<int:visit_id>/amend")
@login_required
def amend_record(visit_id: int):
    visit = _visit(visit_id)
    require(rules.may_record(current_user, visit))
    form = AmendmentForm()
    if form.validate_on_submit():
        me = current_person()
        done = attempt(
            lambda: amend(visit, form.field.data, form.corrected_value, form.reason.data, me)
        )
        if not done.refused:
            flash(_("The amendment was added to the record."), "success")
            return redirect(url_for(".show", visit_id=visit.id))
        show_refusal(done.refusal, form)
    return _visit_page(visit, OutcomeForm(), form)
