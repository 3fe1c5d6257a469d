"""A donor business says where it serves its customers: its published pledges stand there on
the public map (app.didimdol.pledge_pins)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from app.actions import attempt, show_refusal
from app.didimdol import rules
from app.didimdol.blueprint import blueprint
from app.didimdol.models import DonorEnrolment
from app.didimdol.pin_models import DonorPlace
from app.didimdol.pledge_pins import set_place
from app.extensions import db
from app.forms import SiteForm
from app.lookups import current_person, load_or_404
from app.permissions import require
from app.pins.forms import latitude_field, longitude_field


class DonorPlaceForm(SiteForm):
    longitude = longitude_field()
    latitude = latitude_field()


@blueprint.route("/didimdol/donors/<int:enrolment_id>/place", methods=["GET", "POST"])
@login_required
def donor_place(enrolment_id: int):
    enrolment = load_or_404(DonorEnrolment, enrolment_id, rules.may_see_enrolment)
    me = current_person()
    require(rules.may_act_for_donor(me, enrolment))
    form = DonorPlaceForm()
    if form.validate_on_submit():
        outcome = attempt(lambda: set_place(enrolment, form.longitude.data, form.latitude.data, me))
        if outcome.refused:
            show_refusal(outcome.refusal, form)
        else:
            flash(_("Your place was saved; your published pledges show there."), "success")
            return redirect(url_for("didimdol.donor", enrolment_id=enrolment.id))
    elif not form.is_submitted():
        place = db.session.get(DonorPlace, enrolment.id)
        if place is not None:
            form.longitude.data, form.latitude.data = place.lon, place.lat
    return render_template("didimdol/donor_place.html", form=form, enrolment=enrolment)
