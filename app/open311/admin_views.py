"""/admin/open311: administrators add partners (the key is shown once) and revoke them."""

from __future__ import annotations

from flask import flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from app.actions import attempt, show_refusal
from app.extensions import db
from app.lookups import current_person, load_or_404
from app.open311.blueprint import blueprint
from app.open311.forms import PartnerForm
from app.open311.models import Open311Partner
from app.open311.services import add_partner, revoke_partner
from app.permissions import Power, power_required
from app.submissions import attempt_once


@blueprint.get("/admin/open311")
@power_required(Power.MANAGE_USERS)
def partners():
    listed = db.session.scalars(select(Open311Partner).order_by(Open311Partner.name))
    return render_template("open311/partners.html", partners=list(listed))


@blueprint.route("/admin/open311/new", methods=["GET", "POST"])
@power_required(Power.MANAGE_USERS)
def new_partner():
    form = PartnerForm()
    if form.validate_on_submit():
        keys: list[str] = []

        def add() -> Open311Partner:
            made = add_partner(form.name.data, form.contact.data, current_person())
            keys.append(made.key)
            return made.partner

        outcome = attempt_once(form, Open311Partner, add)
        if outcome.refused:
            show_refusal(outcome.refusal, form)
        elif not keys:  # the same form sent again: its key was shown the first time only
            flash(_("This partner was already added; its key was shown then."), "info")
            return redirect(url_for("open311.partners"))
        else:
            response = make_response(
                render_template("open311/key.html", partner=outcome.value, key=keys[0])
            )
            response.headers["Cache-Control"] = "no-store"
            return response
    return render_template("open311/new_partner.html", form=form)


@blueprint.post("/admin/open311/<int:partner_id>/revoke")
@power_required(Power.MANAGE_USERS)
def revoke(partner_id: int):
    partner = load_or_404(Open311Partner, partner_id)
    outcome = attempt(lambda: revoke_partner(partner))
    if outcome.refused:
        show_refusal(outcome.refusal)
    else:
        flash(_("The key was revoked: the partner's requests are refused from now on."), "success")
    return redirect(url_for("open311.partners"))
