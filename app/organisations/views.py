"""Organisations as pages: the list, an organisation's page and form, and its memberships."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.actions import attempt, show_refusal
from app.areas.services import area_overview
from app.extensions import db
from app.i18n import safe_next_url
from app.lookups import current_person, load_or_404
from app.organisations import memberships as membership_services
from app.organisations import rules
from app.organisations.blueprint import blueprint
from app.organisations.extension_points import page_sections
from app.organisations.forms import JoinForm, OrganisationFilterForm, OrganisationForm
from app.organisations.models import Membership, Organisation
from app.organisations.services import (
    create_organisation,
    list_verified,
    update_organisation,
)
from app.permissions import Power, has_power, require
from app.query_args import page_arg
from app.rate_limits import limit_posting
from app.submissions import attempt_once


def _visible_organisation(organisation_id: int) -> Organisation:
    """The organisation if this person may see it; otherwise it does not exist for them."""
    return load_or_404(Organisation, organisation_id, rules.may_view_organisation)


def _membership_in(organisation: Organisation, membership_id: int) -> Membership:
    return load_or_404(
        Membership, membership_id, lambda _who, m: m.organisation_id == organisation.id
    )


def _back_to(organisation: Organisation):
    fallback = url_for(".show", organisation_id=organisation.id)
    return redirect(safe_next_url(request.form.get("next"), fallback))


@blueprint.get("/organisations")
def index():
    filters = OrganisationFilterForm(request.args)
    page = list_verified(page_arg(request.args), filters.type.data, filters.q.data or None)
    return render_template("organisations/index.html", page=page, filters=filters)


@blueprint.route("/organisations/new", methods=["GET", "POST"])
@limit_posting
@login_required
def create():
    require(has_power(current_user, Power.CREATE_ORGANISATION))
    form = OrganisationForm(areas_to_choose=area_overview())
    if form.validate_on_submit():
        outcome = attempt_once(
            form, Organisation, lambda: create_organisation(current_person(), **form.details())
        )
        if outcome.refused:  # only a replay whose organisation is gone since
            show_refusal(outcome.refusal, form)
            return render_template("organisations/form.html", form=form, organisation=None)
        organisation = outcome.value
        flash(
            _(
                "%(name)s is registered. An administrator will verify it; until then only you "
                "can see its page.",
                name=organisation.name,
            ),
            "success",
        )
        return redirect(url_for(".show", organisation_id=organisation.id))
    return render_template("organisations/form.html", form=form, organisation=None)


@blueprint.get("/organisations/<int:organisation_id>")
def show(organisation_id: int):
    organisation = _visible_organisation(organisation_id)
    return _render_page(organisation, JoinForm())


def _render_page(organisation: Organisation, join_form: JoinForm):
    return render_template(
        "organisations/show.html",
        organisation=organisation,
        join_form=join_form,
        my_membership=rules.membership_of(current_user, organisation),
        representatives=membership_services.representatives(organisation),
        sections=page_sections(organisation, current_user),  # contests' history, …
    )


@blueprint.route("/organisations/<int:organisation_id>/edit", methods=["GET", "POST"])
@login_required
def edit(organisation_id: int):
    organisation = _visible_organisation(organisation_id)
    require(rules.may_edit_organisation(current_user, organisation))
    form = OrganisationForm(obj=organisation, areas_to_choose=area_overview())
    if form.validate_on_submit():
        resubmitted = update_organisation(organisation, current_person(), **form.details())
        db.session.commit()
        if resubmitted:
            flash(_("Your changes were saved and sent to an administrator again."), "success")
        else:
            flash(_("Your changes were saved."), "success")
        return redirect(url_for(".show", organisation_id=organisation.id))
    return render_template("organisations/form.html", form=form, organisation=organisation)


@blueprint.post("/organisations/<int:organisation_id>/join")
@limit_posting
@login_required
def join(organisation_id: int):
    organisation = _visible_organisation(organisation_id)
    require(has_power(current_user, Power.JOIN_ORGANISATION))
    form = JoinForm()
    if not form.validate():
        return _render_page(organisation, form)
    outcome = attempt(
        lambda: membership_services.request_membership(
            organisation, current_person(), form.message.data
        )
    )
    if outcome.refused:
        show_refusal(outcome.refusal)
    else:
        flash(_("Your request was sent. The representative will decide on it."), "success")
    return redirect(url_for(".show", organisation_id=organisation.id))


@blueprint.post("/organisations/<int:organisation_id>/leave")
@login_required
def leave(organisation_id: int):
    organisation = _visible_organisation(organisation_id)
    require(rules.may_leave_organisation(current_user, organisation))
    me = current_person()
    outcome = attempt(lambda: membership_services.leave_organisation(organisation, me))
    if outcome.refused:
        show_refusal(outcome.refusal)
        return redirect(url_for(".show", organisation_id=organisation.id))
    flash(_("You are no longer part of %(name)s.", name=organisation.name), "success")
    return redirect(url_for(".mine"))


@blueprint.post("/organisations/<int:organisation_id>/memberships/<int:membership_id>/approve")
@login_required
def approve(organisation_id: int, membership_id: int):
    return _decide(
        organisation_id,
        membership_id,
        membership_services.approve_membership,
        lambda m: _("%(person)s is now a member.", person=m.user.display_name),
    )


@blueprint.post("/organisations/<int:organisation_id>/memberships/<int:membership_id>/decline")
@login_required
def decline(organisation_id: int, membership_id: int):
    return _decide(
        organisation_id,
        membership_id,
        membership_services.decline_membership,
        lambda m: _("The request from %(person)s was declined.", person=m.user.display_name),
    )


def _decide(organisation_id: int, membership_id: int, decide, success):
    organisation = _visible_organisation(organisation_id)
    require(rules.may_decide_memberships(current_user, organisation))
    membership = _membership_in(organisation, membership_id)
    outcome = attempt(lambda: decide(membership, current_person()))
    if outcome.refused:
        show_refusal(outcome.refusal)
    else:
        flash(success(membership), "success")
    return _back_to(organisation)


@blueprint.post(
    "/organisations/<int:organisation_id>/memberships/<int:membership_id>/representative"
)
@login_required
def hand_over(organisation_id: int, membership_id: int):
    organisation = _visible_organisation(organisation_id)
    require(rules.may_decide_memberships(current_user, organisation))
    membership = _membership_in(organisation, membership_id)
    outcome = attempt(lambda: membership_services.hand_over_representative(membership))
    if outcome.refused:
        show_refusal(outcome.refusal)
    else:
        flash(
            _("%(person)s now represents the organisation.", person=membership.user.display_name),
            "success",
        )
    return _back_to(organisation)


@blueprint.get("/account/organisations")
@login_required
def mine():
    me = current_person()
    return render_template(
        "organisations/mine.html",
        memberships=membership_services.memberships_of(me),
        requests=membership_services.requests_to_decide(me),
    )
