"""The dong's actions on one report, each a CSRF-protected POST checked on the server: triage,
acknowledge an emergency, assign, close with an outcome. A refused form is drawn again on the
report's page (a view: logged, app.reports.staff_views)."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.accounts.models import User
from app.actions import attempt, show_refusal
from app.extensions import db
from app.lookups import current_person
from app.permissions import Power, power_required, require
from app.reports import rules
from app.reports.blueprint import blueprint
from app.reports.errors import NotStaffOfTheArea
from app.reports.models import Report
from app.reports.staff_views import report_for_staff, report_page
from app.reports.triage import acknowledge, assign, close, triage
from app.reports.work_forms import AcknowledgeForm, AssignForm, CloseForm, TriageForm
from app.reports.work_queries import assignable_staff


def _done(report: Report, message: str):
    flash(message, "success")
    return redirect(url_for(".staff_show", report_id=report.id))


def _acting_on(report_id: int) -> Report:
    report = report_for_staff(report_id)
    require(rules.may_work_on_report(current_user, report))
    return report


@blueprint.post("/staff/reports/<int:report_id>/triage")
@login_required
@power_required(Power.STAFF_WORK)
def staff_triage(report_id: int):
    report = _acting_on(report_id)
    form = TriageForm()
    if form.validate_on_submit():
        outcome = attempt(lambda: triage(report, current_person(), form.level.data, form.note.data))
        if not outcome.refused:
            return _done(report, _("The report was triaged; its deadline is set."))
        show_refusal(outcome.refusal, form)
    return report_page(report, triage_form=form)


@blueprint.post("/staff/reports/<int:report_id>/acknowledge")
@login_required
@power_required(Power.STAFF_WORK)
def staff_acknowledge(report_id: int):
    report = _acting_on(report_id)
    form = AcknowledgeForm()
    if form.validate_on_submit():
        outcome = attempt(lambda: acknowledge(report, current_person()))
        if not outcome.refused:
            return _done(report, _("You acknowledged the emergency: it will not be escalated."))
        show_refusal(outcome.refusal, form)
    return report_page(report)


def assignee_by_id(person_id: int | None) -> User:
    found = db.session.get(User, person_id) if person_id is not None else None
    if found is None:
        raise NotStaffOfTheArea()
    return found


@blueprint.post("/staff/reports/<int:report_id>/assign")
@login_required
@power_required(Power.STAFF_WORK)
def staff_assign(report_id: int):
    report = _acting_on(report_id)
    form = AssignForm(staff=assignable_staff(report))
    if form.validate_on_submit():
        outcome = attempt(
            lambda: assign(report, current_person(), assignee_by_id(form.assignee.data))
        )
        if not outcome.refused:
            return _done(report, _("The report was assigned."))
        show_refusal(outcome.refusal, form)
    return report_page(report, assign_form=form)


@blueprint.post("/staff/reports/<int:report_id>/close")
@login_required
@power_required(Power.STAFF_WORK)
def staff_close(report_id: int):
    report = _acting_on(report_id)
    form = CloseForm()
    if form.validate_on_submit():
        outcome = attempt(
            lambda: close(
                report,
                current_person(),
                form.outcome.data,
                form.note.data,
                merged_into_id=form.merged_into.data,
            )
        )
        if not outcome.refused:
            return _done(report, _("The report was closed."))
        show_refusal(outcome.refusal, form)
    return report_page(report, close_form=form)
