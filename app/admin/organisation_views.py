"""Administration: the queue of organisations to verify."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.actions import attempt, show_refusal
from app.admin.blueprint import blueprint
from app.admin.forms import REVIEW_ALL, RejectionForm, ReviewFilterForm
from app.lookups import current_person, load_or_404
from app.organisations import services as registry
from app.organisations.models import Organisation, OrganisationStatus
from app.permissions import Power, power_required
from app.query_args import choice_arg, page_arg


def _back_to_queue():
    return redirect(url_for(".organisations", status=request.args.get("status")))


@blueprint.get("/organisations")
@power_required(Power.VERIFY_ORGANISATIONS)
def organisations():
    filters = ReviewFilterForm(request.args)
    chosen = filters.status.data = choice_arg(
        request.args,
        "status",
        [*(s.value for s in OrganisationStatus), REVIEW_ALL],
        OrganisationStatus.PENDING.value,
    )
    status = None if chosen == REVIEW_ALL else OrganisationStatus(chosen)
    page = registry.list_for_review(page_arg(request.args), status)
    return render_template("admin/organisations.html", page=page, filters=filters)


@blueprint.post("/organisations/<int:organisation_id>/verify")
@power_required(Power.VERIFY_ORGANISATIONS)
def verify_organisation(organisation_id: int):
    organisation = load_or_404(Organisation, organisation_id)
    outcome = attempt(lambda: registry.verify_organisation(organisation, current_person()))
    if outcome.refused:
        show_refusal(outcome.refusal)
    else:
        flash(_("%(name)s is verified and listed.", name=organisation.name), "success")
    return _back_to_queue()


@blueprint.route("/organisations/<int:organisation_id>/reject", methods=["GET", "POST"])
@power_required(Power.VERIFY_ORGANISATIONS)
def reject_organisation(organisation_id: int):
    organisation = load_or_404(Organisation, organisation_id)
    form = RejectionForm()
    if form.validate_on_submit():
        outcome = attempt(
            lambda: registry.reject_organisation(organisation, current_person(), form.reason.data)
        )
        if outcome.refused:
            show_refusal(outcome.refusal)
        else:
            flash(
                _(
                    "%(name)s was not verified. Its members see your reason.",
                    name=organisation.name,
                ),
                "success",
            )
        return _back_to_queue()
    return render_template("admin/reject.html", organisation=organisation, form=form)
