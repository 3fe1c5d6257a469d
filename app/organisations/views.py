from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app import permissions
from app.areas.services import area_overview
from app.extensions import db
from app.i18n import safe_next_url
from app.organisations import blueprint
from app.organisations import memberships as membership_services
from app.organisations.forms import JoinForm, OrganisationFilterForm, OrganisationForm
from app.organisations.models import Membership, Organisation
from app.organisations.services import (
    OrganisationError,
    create_organisation,
    list_verified,
    update_organisation,
)
from app.permissions import Power, has_power, require


def _me():
    return current_user._get_current_object()


def _visible_organisation(organisation_id: int) -> Organisation:
    """The organisation if this person may see it; otherwise it does not exist for them."""
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None or not permissions.may_view_organisation(current_user, organisation):
        abort(404)
    return organisation


def _membership_in(organisation: Organisation, membership_id: int) -> Membership:
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.organisation_id != organisation.id:
        abort(404)
    return membership


def _back_to(organisation: Organisation):
    fallback = url_for(".show", organisation_id=organisation.id)
    return redirect(safe_next_url(request.form.get("next"), fallback))


@blueprint.get("/organisations")
def index():
    filters = OrganisationFilterForm(request.args)
    page = list_verified(
        request.args.get("page", 1, type=int), filters.type.data, filters.q.data or None
    )
    return render_template("organisations/index.html", page=page, filters=filters)


@blueprint.route("/organisations/new", methods=["GET", "POST"])
@login_required
def create():
    require(has_power(current_user, Power.CREATE_ORGANISATION))
    form = OrganisationForm(areas_to_choose=area_overview())
    if form.validate_on_submit():
        organisation = create_organisation(_me(), **form.details())
        db.session.commit()
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
    # Imported here: the contests' models import this package (a cycle at import time).
    from app.contests.results.queries import organisation_history

    return render_template(
        "organisations/show.html",
        organisation=organisation,
        join_form=join_form,
        my_membership=permissions.membership_of(current_user, organisation),
        representatives=membership_services.representatives(organisation),
        history=organisation_history(organisation, current_user),
    )


@blueprint.route("/organisations/<int:organisation_id>/edit", methods=["GET", "POST"])
@login_required
def edit(organisation_id: int):
    organisation = _visible_organisation(organisation_id)
    require(permissions.may_edit_organisation(current_user, organisation))
    form = OrganisationForm(obj=organisation, areas_to_choose=area_overview())
    if form.validate_on_submit():
        resubmitted = update_organisation(organisation, _me(), **form.details())
        db.session.commit()
        if resubmitted:
            flash(_("Your changes were saved and sent to an administrator again."), "success")
        else:
            flash(_("Your changes were saved."), "success")
        return redirect(url_for(".show", organisation_id=organisation.id))
    return render_template("organisations/form.html", form=form, organisation=organisation)


@blueprint.post("/organisations/<int:organisation_id>/join")
@login_required
def join(organisation_id: int):
    organisation = _visible_organisation(organisation_id)
    require(has_power(current_user, Power.JOIN_ORGANISATION))
    form = JoinForm()
    if not form.validate():
        return _render_page(organisation, form)
    try:
        membership_services.request_membership(organisation, _me(), form.message.data)
    except OrganisationError as error:
        flash(str(error.message), "error")
    else:
        db.session.commit()
        flash(_("Your request was sent. The representative will decide on it."), "success")
    return redirect(url_for(".show", organisation_id=organisation.id))


@blueprint.post("/organisations/<int:organisation_id>/leave")
@login_required
def leave(organisation_id: int):
    organisation = _visible_organisation(organisation_id)
    require(permissions.may_leave_organisation(current_user, organisation))
    try:
        membership_services.leave_organisation(organisation, _me())
    except OrganisationError as error:
        flash(str(error.message), "error")
        return redirect(url_for(".show", organisation_id=organisation.id))
    db.session.commit()
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
    require(permissions.may_decide_memberships(current_user, organisation))
    membership = _membership_in(organisation, membership_id)
    try:
        decide(membership, _me())
    except OrganisationError as error:
        flash(str(error.message), "error")
    else:
        db.session.commit()
        flash(success(membership), "success")
    return _back_to(organisation)


@blueprint.post(
    "/organisations/<int:organisation_id>/memberships/<int:membership_id>/representative"
)
@login_required
def hand_over(organisation_id: int, membership_id: int):
    organisation = _visible_organisation(organisation_id)
    require(permissions.may_decide_memberships(current_user, organisation))
    membership = _membership_in(organisation, membership_id)
    try:
        membership_services.hand_over_representative(membership)
    except OrganisationError as error:
        flash(str(error.message), "error")
    else:
        db.session.commit()
        flash(
            _("%(person)s now represents the organisation.", person=membership.user.display_name),
            "success",
        )
    return _back_to(organisation)


@blueprint.get("/account/organisations")
@login_required
def mine():
    me = _me()
    return render_template(
        "organisations/mine.html",
        memberships=membership_services.memberships_of(me),
        requests=membership_services.requests_to_decide(me),
    )
