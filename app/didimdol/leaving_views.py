"""A facility's officer records that a person left, or withdrew their consent: each form page
shows who it is about (an access-logged view), each POST is an access-logged edit."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_required

from app.access_log import record_view
from app.actions import attempt, show_refusal
from app.didimdol.blueprint import blueprint
from app.didimdol.facilities import SUBJECT_KIND
from app.didimdol.facility_views import beneficiary_of, facility_for_officer
from app.didimdol.leaving import record_leaving, withdraw_consent
from app.didimdol.leaving_forms import LeftForm, WithdrawConsentForm
from app.didimdol.models import LeftReason
from app.lookups import current_person
from app.transactions import writes

PERSON = "/didimdol/facilities/<int:facility_id>/beneficiaries/<int:beneficiary_id>"


def _back(facility_id: int, beneficiary_id: int):
    return redirect(
        url_for("didimdol.beneficiary", facility_id=facility_id, beneficiary_id=beneficiary_id)
    )


@blueprint.route(f"{PERSON}/left", methods=["GET", "POST"])
@writes  # the access log, on the GET too
@login_required
def beneficiary_left(facility_id: int, beneficiary_id: int):
    facility = facility_for_officer(facility_id)
    person = beneficiary_of(facility, beneficiary_id)
    form = LeftForm()
    if form.validate_on_submit():
        me = current_person()
        reason = LeftReason(form.reason.data)
        outcome = attempt(lambda: record_leaving(person, form.left_on.data, reason, me))
        if not outcome.refused:
            flash(_("Recorded: the person left the facility."), "success")
            return _back(facility.id, person.id)
        show_refusal(outcome.refusal, form)
    record_view(SUBJECT_KIND, person.id)
    return render_template(
        "didimdol/beneficiary_left.html", form=form, facility=facility, beneficiary=person
    )


@blueprint.route(f"{PERSON}/consent/withdraw", methods=["GET", "POST"])
@writes  # the access log, on the GET too
@login_required
def withdraw_beneficiary_consent(facility_id: int, beneficiary_id: int):
    facility = facility_for_officer(facility_id)
    person = beneficiary_of(facility, beneficiary_id)
    form = WithdrawConsentForm()
    if form.validate_on_submit():
        me = current_person()
        outcome = attempt(
            lambda: withdraw_consent(person, form.said_on.data, form.said_by.data, me)
        )
        if not outcome.refused:
            flash(
                ngettext(
                    "The consent is withdrawn; %(num)d unused voucher was cancelled.",
                    "The consent is withdrawn; %(num)d unused vouchers were cancelled.",
                    outcome.value,
                ),
                "success",
            )
            return _back(facility.id, person.id)
        show_refusal(outcome.refusal, form)
    record_view(SUBJECT_KIND, person.id)
    return render_template(
        "didimdol/withdraw_consent.html", form=form, facility=facility, beneficiary=person
    )
