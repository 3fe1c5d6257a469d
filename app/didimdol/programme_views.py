"""The programme officers' pages: enrolments to decide, facilities to designate."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from app.actions import attempt, show_refusal
from app.didimdol import queries, rules
from app.didimdol.blueprint import blueprint
from app.didimdol.facilities import designate
from app.didimdol.forms import DesignateForm, EnrolmentDecisionForm
from app.didimdol.models import DonorEnrolment, EnrolmentStatus, Facility
from app.didimdol.pledge_pins import decide_in_step
from app.labels import label
from app.lookups import current_person, load_or_404
from app.permissions import require
from app.submissions import attempt_once


@blueprint.get("/staff/didimdol")
@login_required
def programme():
    require(rules.is_programme_officer(current_person()))
    return render_template(
        "didimdol/programme.html",
        enrolments=queries.enrolments(),
        facilities=queries.facilities(),
        form=EnrolmentDecisionForm(),
    )


@blueprint.post("/staff/didimdol/enrolments/<int:enrolment_id>/status")
@login_required
def decide_enrolment(enrolment_id: int):
    me = current_person()
    require(rules.is_programme_officer(me))
    enrolment = load_or_404(DonorEnrolment, enrolment_id)
    form = EnrolmentDecisionForm()
    if not form.validate_on_submit():
        flash(_("Choose what to do with the enrolment."), "error")
        return redirect(url_for("didimdol.programme"))
    status = EnrolmentStatus(form.status.data)
    outcome = attempt(lambda: decide_in_step(enrolment, status, me, form.note.data or ""))
    if outcome.refused:
        show_refusal(outcome.refusal)
    else:
        flash(_("The enrolment is now: %(status)s.", status=label(status)), "success")
    return redirect(url_for("didimdol.programme"))


@blueprint.route("/staff/didimdol/facilities/new", methods=["GET", "POST"])
@login_required
def new_facility():
    me = current_person()
    require(rules.is_programme_officer(me))
    form = DesignateForm(organisations=queries.designatable_organisations(), dongs=queries.dongs())
    if form.validate_on_submit():
        outcome = attempt_once(
            form,
            Facility,
            lambda: designate(
                form.chosen_organisation, form.monthly_quota.data, form.chosen_dongs, me
            ),
        )
        if outcome.refused:
            show_refusal(outcome.refusal, form)
        else:
            flash(_("The facility was designated."), "success")
            return redirect(url_for("didimdol.programme"))
    return render_template("didimdol/designate.html", form=form)
