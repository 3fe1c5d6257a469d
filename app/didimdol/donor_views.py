"""A donor business's pages: enrol, its page (status, registration number, pledges, the value
given), draft a pledge and move it through its states."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from app.actions import attempt, show_refusal
from app.didimdol import queries, rules
from app.didimdol.blueprint import blueprint
from app.didimdol.business_numbers import formatted
from app.didimdol.enrolment import request_enrolment
from app.didimdol.forms import EnrolForm, PledgeForm, PledgeStepForm
from app.didimdol.models import DonorEnrolment, Pledge, PledgeKind, PledgeStatus
from app.didimdol.pledge_pins import move_pledge_in_step
from app.didimdol.pledges import PledgeTerms, draft_pledge
from app.lookups import current_person, load_or_404
from app.organisations.models import Organisation
from app.permissions import require
from app.submissions import attempt_once


@blueprint.route("/didimdol/enrol/<int:organisation_id>", methods=["GET", "POST"])
@login_required
def enrol(organisation_id: int):
    me = current_person()
    organisation = load_or_404(Organisation, organisation_id)
    require(rules.may_enrol(me, organisation))
    form = EnrolForm()
    if form.validate_on_submit():
        outcome = attempt_once(
            form,
            DonorEnrolment,
            lambda: request_enrolment(organisation, form.business_number.data, me),
        )
        if outcome.refused:
            show_refusal(outcome.refusal, form)
        else:
            flash(_("Your enrolment was sent; a programme officer will review it."), "success")
            return redirect(url_for("didimdol.donor", enrolment_id=outcome.value.id))
    return render_template("didimdol/enrol.html", form=form, organisation=organisation)


@blueprint.get("/didimdol/donors/<int:enrolment_id>")
@login_required
def donor(enrolment_id: int):
    enrolment = load_or_404(DonorEnrolment, enrolment_id, rules.may_see_enrolment)
    return render_template(
        "didimdol/donor.html",
        enrolment=enrolment,
        business_number=formatted(enrolment.business_number),
        pledges=queries.pledges_of(enrolment),
        donated=queries.donated_value(enrolment),
        may_act=rules.may_act_for_donor(current_person(), enrolment),
        step_form=PledgeStepForm(),
        PledgeStatus=PledgeStatus,
    )


@blueprint.route("/didimdol/donors/<int:enrolment_id>/pledges/new", methods=["GET", "POST"])
@login_required
def new_pledge(enrolment_id: int):
    enrolment = load_or_404(DonorEnrolment, enrolment_id, rules.may_see_enrolment)
    require(rules.may_act_for_donor(current_person(), enrolment))
    form = PledgeForm(categories=queries.categories(), dongs=queries.dongs())
    if form.validate_on_submit():
        terms = PledgeTerms(
            category=form.chosen_category,
            kind=PledgeKind(form.kind.data),
            unit=form.unit.data,
            unit_value=form.unit_value.data,
            monthly_capacity=form.monthly_capacity.data,
            target_groups=list(form.target_groups.data),
            dongs=form.chosen_dongs,
            valid_from=form.valid_from.data,
            valid_until=form.valid_until.data,
            how_to_redeem=form.how_to_redeem.data or "",
        )
        outcome = attempt_once(form, Pledge, lambda: draft_pledge(enrolment, terms))
        if outcome.refused:
            show_refusal(outcome.refusal, form)
        else:
            flash(_("The pledge was saved as a draft. Publish it when it is ready."), "success")
            return redirect(url_for("didimdol.donor", enrolment_id=enrolment.id))
    return render_template("didimdol/pledge_form.html", form=form, enrolment=enrolment)


@blueprint.post("/didimdol/pledges/<int:pledge_id>/status")
@login_required
def pledge_step(pledge_id: int):
    pledge = load_or_404(Pledge, pledge_id)
    require(rules.may_act_for_donor(current_person(), pledge.enrolment))
    form = PledgeStepForm()
    if form.validate_on_submit():
        outcome = attempt(lambda: move_pledge_in_step(pledge, PledgeStatus(form.status.data)))
        if outcome.refused:
            show_refusal(outcome.refusal)
        else:
            flash(_("The pledge was updated."), "success")
    else:
        flash(_("Choose what to do with the pledge."), "error")
    return redirect(url_for("didimdol.donor", enrolment_id=pledge.enrolment_id))
