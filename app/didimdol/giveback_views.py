"""A beneficiary's give-back page, inside their facility only: the volunteering recorded, the
consent it rests on, and the two forms. Every drawing of the page is a view in the access log,
committed before it is drawn."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from app.access_log import record_view
from app.actions import show_refusal
from app.consents.models import ConsentMethod, ConsentRecord
from app.didimdol.blueprint import blueprint
from app.didimdol.facilities import SUBJECT_KIND, Consent
from app.didimdol.facility_views import beneficiary_of, facility_for_officer
from app.didimdol.giveback import (
    Activity,
    may_record_for,
    record_volunteering,
    record_volunteering_consent,
    volunteering_of,
)
from app.didimdol.giveback_forms import VolunteeringConsentForm, VolunteeringForm
from app.didimdol.giveback_models import VolunteerActivity, Volunteering
from app.didimdol.models import Beneficiary, Facility
from app.lookups import current_person
from app.submissions import attempt_once
from app.transactions import writes

PAGE = "/didimdol/facilities/<int:facility_id>/beneficiaries/<int:beneficiary_id>/volunteering"


def _page(
    facility: Facility,
    person: Beneficiary,
    form: VolunteeringForm | None = None,
    consent_form: VolunteeringConsentForm | None = None,
):
    record_view(SUBJECT_KIND, person.id)
    return render_template(
        "didimdol/volunteering.html",
        facility=facility,
        beneficiary=person,
        records=volunteering_of(person),
        consented=may_record_for(person),
        form=form or VolunteeringForm(formdata=None),
        consent_form=consent_form or VolunteeringConsentForm(formdata=None),
    )


def _back(facility: Facility, person: Beneficiary):
    return redirect(
        url_for("didimdol.volunteering", facility_id=facility.id, beneficiary_id=person.id)
    )


# One rule for both methods: with a GET rule and a POST rule on one path, Werkzeug answers an
# id beyond the columns with 405 instead of 404 (tests/test_malformed_numbers.py).
@blueprint.route(PAGE, methods=["GET", "POST"])
@writes  # the access log
@login_required
def volunteering(facility_id: int, beneficiary_id: int):
    facility = facility_for_officer(facility_id)
    person = beneficiary_of(facility, beneficiary_id)
    if request.method == "GET":
        return _page(facility, person)
    form = VolunteeringForm()
    if form.validate_on_submit():
        activity = Activity(
            form.done_on.data, form.hours.data, VolunteerActivity(form.activity.data)
        )
        outcome = attempt_once(
            form, Volunteering, lambda: record_volunteering(person, activity, current_person())
        )
        if not outcome.refused:
            flash(_("The volunteering was recorded."), "success")
            return _back(facility, person)
        show_refusal(outcome.refusal, form)
    return _page(facility, person, form=form)


@blueprint.post(PAGE + "/consent")
@writes
@login_required
def record_consent(facility_id: int, beneficiary_id: int):
    facility = facility_for_officer(facility_id)
    person = beneficiary_of(facility, beneficiary_id)
    form = VolunteeringConsentForm()
    if form.validate_on_submit():
        consent = Consent(
            ConsentMethod(form.consent_method.data),
            form.consent_given_on.data,
            form.guardian_relationship.data or "",
        )
        outcome = attempt_once(
            form,
            ConsentRecord,
            lambda: record_volunteering_consent(person, consent, current_person()),
        )
        if not outcome.refused:
            flash(_("The consent was recorded."), "success")
            return _back(facility, person)
        show_refusal(outcome.refusal, form)
    return _page(facility, person, consent_form=form)
