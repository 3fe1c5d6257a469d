"""Administration: the queue of organisations to verify."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin.blueprint import blueprint
from app.admin.forms import REVIEW_ALL, RejectionForm, ReviewFilterForm
from app.extensions import db
from app.organisations import services as registry
from app.organisations.models import Organisation, OrganisationStatus
from app.permissions import Power, power_required


def _organisation_or_404(organisation_id: int) -> Organisation:
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        abort(404)
    return organisation


def _back_to_queue():
    return redirect(url_for(".organisations", status=request.args.get("status")))


@blueprint.get("/organisations")
@power_required(Power.VERIFY_ORGANISATIONS)
def organisations():
    filters = ReviewFilterForm(request.args)
    chosen = filters.status.data
    if chosen != REVIEW_ALL and chosen not in set(OrganisationStatus):
        chosen = filters.status.data = OrganisationStatus.PENDING.value
    status = None if chosen == REVIEW_ALL else OrganisationStatus(chosen)
    page = registry.list_for_review(request.args.get("page", 1, type=int), status)
    return render_template("admin/organisations.html", page=page, filters=filters)


@blueprint.post("/organisations/<int:organisation_id>/verify")
@power_required(Power.VERIFY_ORGANISATIONS)
def verify_organisation(organisation_id: int):
    organisation = _organisation_or_404(organisation_id)
    try:
        registry.verify_organisation(organisation, current_user._get_current_object())
    except registry.OrganisationError as error:
        flash(str(error.message), "error")
    else:
        db.session.commit()
        flash(_("%(name)s is verified and listed.", name=organisation.name), "success")
    return _back_to_queue()


@blueprint.route("/organisations/<int:organisation_id>/reject", methods=["GET", "POST"])
@power_required(Power.VERIFY_ORGANISATIONS)
def reject_organisation(organisation_id: int):
    organisation = _organisation_or_404(organisation_id)
    form = RejectionForm()
    if form.validate_on_submit():
        try:
            registry.reject_organisation(
                organisation, current_user._get_current_object(), form.reason.data
            )
        except registry.OrganisationError as error:
            flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(
                _(
                    "%(name)s was not verified. Its members see your reason.",
                    name=organisation.name,
                ),
                "success",
            )
        return _back_to_queue()
    return render_template("admin/reject.html", organisation=organisation, form=form)
