"""The staff's round of a dong for a day: plan visits, put them in order, assign visitors,
and print it (a PDF whose download is access-logged with its reason)."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from app.access_log import AccessAction
from app.actions import attempt, show_refusal
from app.areas.models import Area
from app.clock import seoul_today
from app.lookups import current_person, load_or_404
from app.permissions import Power, power_required, require
from app.submissions import attempt_once
from app.visits import queries, rules
from app.visits.blueprint import blueprint
from app.visits.forms import AssignForm, DownloadForm, PlanVisitForm
from app.visits.models import Visit, VisitKind
from app.visits.round_pdf import round_pdf
from app.visits.services import (
    add_all_planned,
    add_to_round,
    assign_visitors,
    log_visit_access,
    move,
    plan_report_visit,
)


def _day() -> date:
    text = request.args.get("day", "")
    if not text:
        return seoul_today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        abort(404)


def _dong(dong_id: int) -> Area:
    dong = load_or_404(Area, dong_id)
    require(rules.may_plan_in(current_person(), dong))
    return dong


def _back(dong: Area, day: date):
    return redirect(url_for("visits.round_page", dong_id=dong.id, day=day.isoformat()))


def _page(
    dong: Area,
    day: date,
    plan_form: PlanVisitForm | None = None,
    assigning: tuple[int, AssignForm] | None = None,
):
    """`assigning`: a stop's visitor form sent with errors, shown at its own field."""
    stops = queries.round_of(dong, day)
    people = queries.visitors_for(dong)
    reports = queries.open_reports(dong)
    assign_forms = {
        v.id: AssignForm(people=people, data={"visitors": [p.id for p in v.visitors]})
        for v in stops
    }
    if assigning is not None:
        assign_forms[assigning[0]] = assigning[1]
    return render_template(
        "visits/round.html",
        dong=dong,
        day=day,
        stops=stops,
        waiting=queries.waiting_for_round(dong, day),
        # A sweep's board is for the staff of all its dongs (sweep_views._sweep).
        sweeps=[
            s
            for s in queries.sweeps_covering(dong, day)
            if all(rules.may_plan_in(current_person(), d) for d in s.dongs)
        ],
        plan_form=plan_form or PlanVisitForm(reports=reports),
        assign_forms=assign_forms,
    )


@blueprint.get("/staff/visits/rounds/<int:dong_id>")
@login_required
@power_required(Power.STAFF_WORK)
def round_page(dong_id: int):
    dong = _dong(dong_id)
    # From a report's page ("Plan a visit"): its number is chosen in the form already.
    chosen = request.args.get("report", type=int)
    reports = queries.open_reports(dong)
    form = PlanVisitForm(reports=reports, formdata=None, report_id=chosen)
    return _page(dong, _day(), form)


@blueprint.post("/staff/visits/rounds/<int:dong_id>/plan")
@login_required
@power_required(Power.STAFF_WORK)
def plan(dong_id: int):
    dong, day = _dong(dong_id), _day()
    form = PlanVisitForm(reports=queries.open_reports(dong))
    if form.validate_on_submit():
        report, kind, me = form.chosen_report, VisitKind(form.kind.data), current_person()
        done = attempt_once(form, Visit, lambda: plan_report_visit(report, dong, day, kind, me))
        if not done.refused:
            flash(_("The visit was added to the round."), "success")
            return _back(dong, day)
        show_refusal(done.refusal, form)
    return _page(dong, day, form)


@blueprint.post("/staff/visits/rounds/<int:dong_id>/add-planned")
@login_required
@power_required(Power.STAFF_WORK)
def add_planned(dong_id: int):
    dong, day = _dong(dong_id), _day()
    done = attempt(lambda: add_all_planned(dong, day))
    if not done.refused:
        flash(_("%(num)d planned visits were added to the round.", num=done.value), "success")
    return _back(dong, day)


def _stop(visit_id: int) -> Visit:
    visit = load_or_404(Visit, visit_id)
    require(rules.may_plan_in(current_person(), visit.dong))
    return visit


@blueprint.post("/staff/visits/<int:visit_id>/add")
@login_required
@power_required(Power.STAFF_WORK)
def add_stop(visit_id: int):
    visit = _stop(visit_id)
    attempt(lambda: add_to_round(visit))
    return _back(visit.dong, visit.planned_on)


@blueprint.post("/staff/visits/<int:visit_id>/move")
@login_required
@power_required(Power.STAFF_WORK)
def move_stop(visit_id: int):
    visit = _stop(visit_id)
    up = request.form.get("direction") == "up"
    attempt(lambda: move(visit, up))
    return _back(visit.dong, visit.planned_on)


@blueprint.post("/staff/visits/<int:visit_id>/visitors")
@login_required
@power_required(Power.STAFF_WORK)
def assign(visit_id: int):
    visit = _stop(visit_id)
    form = AssignForm(people=queries.visitors_for(visit.dong))
    if form.validate_on_submit():
        done = attempt(lambda: assign_visitors(visit, form.chosen))
        if not done.refused:
            flash(_("The visitors were assigned."), "success")
            return _back(visit.dong, visit.planned_on)
        show_refusal(done.refusal, form)
    return _page(visit.dong, visit.planned_on, assigning=(visit.id, form))


@blueprint.route("/staff/visits/rounds/<int:dong_id>/pdf", methods=["GET", "POST"])
@login_required
@power_required(Power.STAFF_WORK)
def print_round(dong_id: int):
    """The reason first (PIPA's safety standard for downloads), then the file: one access-log
    row per record it prints."""
    dong, day = _dong(dong_id), _day()
    form = DownloadForm()
    if form.validate_on_submit():
        stops = queries.round_of(dong, day)

        def log_each() -> None:
            for visit in stops:
                log_visit_access(visit, AccessAction.DOWNLOAD, reason=form.reason.data)

        done = attempt(log_each)
        if not done.refused:
            response = make_response(round_pdf(dong, day, stops))
            response.headers["Content-Type"] = "application/pdf"
            response.headers["Content-Disposition"] = (
                f'attachment; filename="round-{dong.code}-{day.isoformat()}.pdf"'
            )
            response.headers["Cache-Control"] = "no-store"
            return response
        show_refusal(done.refusal, form)
    return render_template("visits/print_round.html", form=form, dong=dong, day=day)
