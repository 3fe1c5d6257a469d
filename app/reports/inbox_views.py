"""The dong inbox (/staff/inbox): the work queue of the staff member's areas, its overdue list,
and assigning many reports at once (all or nothing)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import ngettext
from flask_login import current_user, login_required

from app.actions import attempt, show_refusal
from app.areas.models import Area
from app.extensions import db
from app.lookups import current_person
from app.permissions import Power, power_required
from app.query_args import choice_arg, enum_arg, id_arg, page_arg
from app.reports import rules
from app.reports.blueprint import blueprint
from app.reports.errors import NotYourReports
from app.reports.inbox import (
    AssigneeFilter,
    InboxFilter,
    Show,
    area_ids,
    dongs_of,
    inbox_page,
)
from app.reports.models import Report, TriageLevel
from app.reports.triage import assign_all
from app.reports.work_forms import BulkAssignForm
from app.reports.work_queries import staff_of_areas
from app.reports.work_views import assignee_by_id


def _filter(dongs: list[Area]) -> InboxFilter:
    args = request.args
    dong_id = id_arg(args, "dong")
    return InboxFilter(
        show=choice_arg(args, "show", list(Show), Show.ALL),
        level=enum_arg(args, "level", TriageLevel),
        assignee=choice_arg(args, "assignee", list(AssigneeFilter), AssigneeFilter.ANYONE),
        dong=next((d for d in dongs if d.id == dong_id), None),
        page=page_arg(args),
    )


def _inbox(form: BulkAssignForm | None = None) -> str:
    staff = current_person()
    dongs = dongs_of(staff)
    chosen = _filter(dongs)
    return render_template(
        "reports/inbox.html",
        inbox=inbox_page(staff, chosen),
        chosen=chosen,
        dongs=dongs,
        levels=list(TriageLevel),
        form=form or BulkAssignForm(formdata=None, staff=staff_of_areas(area_ids(staff))),
    )


@blueprint.get("/staff/inbox")
@login_required
@power_required(Power.STAFF_WORK)
def inbox():
    return _inbox()


def _ticked_reports(ids: list[int]) -> list[Report]:
    """Every ticked report, each one the staff member may open; else nothing at all."""
    reports = [db.session.get(Report, report_id) for report_id in dict.fromkeys(ids)]
    allowed = [r for r in reports if r is not None and rules.may_work_on_report(current_user, r)]
    if not reports or len(allowed) != len(reports):
        raise NotYourReports()
    return allowed


@blueprint.post("/staff/inbox/assign")
@login_required
@power_required(Power.STAFF_WORK)
def inbox_assign():
    staff = current_person()
    form = BulkAssignForm(staff=staff_of_areas(area_ids(staff)))
    if form.validate_on_submit():
        outcome = attempt(
            lambda: assign_all(
                _ticked_reports(form.reports.data), staff, assignee_by_id(form.assignee.data)
            )
        )
        if not outcome.refused:
            count = outcome.value
            flash(
                ngettext("%(num)d report was assigned.", "%(num)d reports were assigned.", count),
                "success",
            )
            return redirect(url_for(".inbox"))
        show_refusal(outcome.refusal, form)
    return _inbox(form)
