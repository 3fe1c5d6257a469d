"""Administration: the dashboard and accounts (roles, staff areas, activation)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.accounts.models import User
from app.actions import attempt, show_refusal
from app.admin.blueprint import blueprint
from app.admin.forms import UserFilterForm, UserRoleForm
from app.admin.services import (
    areas_with_ids,
    change_role,
    dashboard_counts,
    search_users,
    set_account_active,
    staff_area_log,
)
from app.areas.services import area_overview
from app.labels import label
from app.lookups import current_person, load_or_404
from app.permissions import Power, power_required
from app.query_args import page_arg


@blueprint.get("/")
@power_required(Power.MANAGE_USERS)
def dashboard():
    return render_template("admin/dashboard.html", counts=dashboard_counts())


@blueprint.get("/users")
@power_required(Power.MANAGE_USERS)
def users():
    filters = UserFilterForm(request.args)
    page = search_users(page_arg(request.args), filters.q.data or None, filters.role.data)
    return render_template("admin/users.html", page=page, filters=filters)


@blueprint.route("/users/<int:user_id>", methods=["GET", "POST"])
@power_required(Power.MANAGE_USERS)
def user(user_id: int):
    person = load_or_404(User, user_id)
    form = UserRoleForm(
        obj=person, areas=[a.id for a in person.staff_areas], areas_to_choose=area_overview()
    )
    if form.validate_on_submit():
        outcome = attempt(
            lambda: change_role(
                person,
                form.role.data,
                areas_with_ids(form.areas.data or []),
                current_person(),
            )
        )
        if outcome.refused:
            show_refusal(outcome.refusal, form)
        else:
            flash(
                _(
                    "%(person)s is now: %(role)s.",
                    person=person.display_name,
                    role=label(person.role),
                ),
                "success",
            )
            return redirect(url_for(".user", user_id=person.id))
    return render_template(
        "admin/user.html", person=person, form=form, area_log=staff_area_log(person)
    )


@blueprint.post("/users/<int:user_id>/deactivate")
@power_required(Power.MANAGE_USERS)
def deactivate_user(user_id: int):
    return _set_active(user_id, active=False)


@blueprint.post("/users/<int:user_id>/activate")
@power_required(Power.MANAGE_USERS)
def activate_user(user_id: int):
    return _set_active(user_id, active=True)


def _set_active(user_id: int, active: bool):
    person = load_or_404(User, user_id)
    outcome = attempt(lambda: set_account_active(person, active, current_person()))
    if outcome.refused:
        show_refusal(outcome.refusal)
    else:
        if active:
            flash(_("%(person)s can log in again.", person=person.display_name), "success")
        else:
            flash(_("%(person)s can no longer log in.", person=person.display_name), "success")
    return redirect(url_for(".user", user_id=person.id))
