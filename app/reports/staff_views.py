"""The dong's first view of its reports (the seed of the dong inbox): the list of the staff
member's areas, a report's page (each view access-logged) and its status change."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.access_log import record_view
from app.actions import attempt, show_refusal
from app.lookups import current_person, load_or_404
from app.permissions import Power, power_required, require
from app.reports import rules
from app.reports.blueprint import blueprint
from app.reports.forms import StatusForm
from app.reports.history import history_of, what_it_set
from app.reports.models import Report
from app.reports.related import related_sections
from app.reports.services import (
    REPORT,
    change_status,
    exact_point,
    load_with_point,
    reports_for_staff,
)
from app.reports.work_forms import AcknowledgeForm, AssignForm, CloseForm, TriageForm
from app.reports.work_queries import assignable_staff, deadline_reading


def report_for_staff(report_id: int) -> Report:
    """A report of another area answers 404, exactly like one that does not exist."""
    return load_or_404(Report, report_id, rules.may_view_report)


@blueprint.get("/staff/reports")
@login_required
@power_required(Power.STAFF_WORK)
def staff_index():
    return render_template("reports/staff_index.html", reports=reports_for_staff(current_person()))


@blueprint.get("/staff/reports/<int:report_id>")
@login_required
@power_required(Power.STAFF_WORK)
def staff_show(report_id: int):
    return report_page(report_for_staff(report_id))


def report_page(
    report: Report,
    *,
    status_form: StatusForm | None = None,
    triage_form: TriageForm | None = None,
    assign_form: AssignForm | None = None,
    close_form: CloseForm | None = None,
) -> str:
    """The report's page with its forms (a refused one with its mistakes) and its history."""
    # Logged (and committed) before anything of it is drawn: PIPA, app/access_log.py.
    record_view(REPORT, report.id, person_id=report.reporter_id)
    report = load_with_point(report.id) or report
    lon, lat = exact_point(report)
    staff = assignable_staff(report)
    return render_template(
        "reports/staff_show.html",
        report=report,
        lon=lon,
        lat=lat,
        has_photo=report.photo is not None,
        form=status_form or StatusForm(report=report, formdata=None),
        triage_form=triage_form or TriageForm(formdata=None, level=report.triage_level),
        acknowledge_form=AcknowledgeForm(formdata=None),
        assign_form=assign_form
        or AssignForm(formdata=None, staff=staff, assignee=report.assignee_id),
        close_form=close_form or CloseForm(formdata=None),
        history=[(event, what_it_set(event)) for event in history_of(report)],
        related=related_sections(report),
        clock=deadline_reading(report),
    )


@blueprint.get("/staff/reports/<int:report_id>/photo")
@login_required
@power_required(Power.STAFF_WORK)
def staff_photo(report_id: int):
    """Shown inside the report's page, whose view was logged: not logged a second time."""
    report = report_for_staff(report_id)
    if report.photo is None:
        abort(404)
    # app.photos re-encodes every photo as JPEG or WebP (a RIFF container).
    webp = report.photo[:4] == b"RIFF"
    response = Response(report.photo, mimetype="image/webp" if webp else "image/jpeg")
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@blueprint.post("/staff/reports/<int:report_id>/status")
@login_required
@power_required(Power.STAFF_WORK)
def staff_status(report_id: int):
    report = report_for_staff(report_id)
    require(rules.may_change_status(current_user, report))
    form = StatusForm(report=report)
    if form.validate_on_submit():
        outcome = attempt(
            lambda: change_status(report, current_person(), form.status.data, form.note.data)
        )
        if not outcome.refused:
            flash(_("The report's status was changed."), "success")
            return redirect(url_for(".staff_show", report_id=report.id))
        show_refusal(outcome.refusal, form)
    # The mistakes at their fields, on the report's page (drawn again: a view, logged).
    return report_page(report, status_form=form)
