"""Administration: the dashboard and accounts (roles, staff areas, activation)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.models import User
from app.admin.blueprint import blueprint
from app.admin.forms import UserFilterForm, UserRoleForm
from app.admin.services import (
    AdminError,
    AreasOnlyForStaff,
    areas_with_ids,
    change_role,
    dashboard_counts,
    search_users,
    set_account_active,
)
from app.areas.services import area_overview
from app.extensions import db
from app.labels import label
from app.permissions import Power, power_required


def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


@blueprint.get("/")
@power_required(Power.MANAGE_USERS)
def dashboard():
    return render_template("admin/dashboard.html", counts=dashboard_counts())


@blueprint.get("/users")
@power_required(Power.MANAGE_USERS)
def users():
    filters = UserFilterForm(request.args)
    page = search_users(
        request.args.get("page", 1, type=int), filters.q.data or None, filters.role.data
    )
    return render_template("admin/users.html", page=page, filters=filters)


@blueprint.route("/users/<int:user_id>", methods=["GET", "POST"])
@power_required(Power.MANAGE_USERS)
def user(user_id: int):
    person = _user_or_404(user_id)
    form = UserRoleForm(
        obj=person, areas=[a.id for a in person.staff_areas], areas_to_choose=area_overview()
    )
    if form.validate_on_submit():
        try:
            change_role(
                person,
                form.role.data,
                areas_with_ids(form.areas.data or []),
                current_user._get_current_object(),
            )
        except AreasOnlyForStaff as error:
            form.areas.errors.append(str(error.message))
        except AdminError as error:
            form.role.errors.append(str(error.message))
        else:
            db.session.commit()
            flash(
                _(
                    "%(person)s is now: %(role)s.",
                    person=person.display_name,
                    role=label(person.role),
                ),
                "success",
            )
            return redirect(url_for(".user", user_id=person.id))
    return render_template("admin/user.html", person=person, form=form)


@blueprint.post("/users/<int:user_id>/deactivate")
@power_required(Power.MANAGE_USERS)
def deactivate_user(user_id: int):
    return _set_active(user_id, active=False)


@blueprint.post("/users/<int:user_id>/activate")
@power_required(Power.MANAGE_USERS)
def activate_user(user_id: int):
    return _set_active(user_id, active=True)


def _set_active(user_id: int, active: bool):
    person = _user_or_404(user_id)
    try:
        set_account_active(person, active, current_user._get_current_object())
    except AdminError as error:
        flash(str(error.message), "error")
    else:
        db.session.commit()
        if active:
            flash(_("%(person)s can log in again.", person=person.display_name), "success")
        else:
            flash(_("%(person)s can no longer log in.", person=person.display_name), "success")
    return redirect(url_for(".user", user_id=person.id))
