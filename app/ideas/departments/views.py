"""The administrators' list of the departments that answer ideas: adding one, renaming it,
taking it out of use (rules.may_manage_departments, checked before anything is looked up)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.actions import attempt, show_refusal
from app.ideas import rules
from app.ideas.blueprint import blueprint
from app.ideas.departments import queries, services
from app.ideas.departments.forms import DepartmentForm, EditDepartmentForm
from app.ideas.models import Department
from app.lookups import load_or_404
from app.permissions import require
from app.submissions import attempt_once


@blueprint.route("/admin/departments", methods=["GET", "POST"], endpoint="departments")
def manage_departments():
    require(rules.may_manage_departments(current_user))
    form = DepartmentForm()
    if form.validate_on_submit():
        outcome = attempt_once(
            form,
            Department,
            lambda: services.create_department(form.name_ko.data, form.name_en.data),
        )
        if not outcome.refused:
            flash(_("The department %(name)s is added.", name=outcome.value.name), "success")
            return redirect(url_for(".departments"))
        show_refusal(outcome.refusal, form)
    return render_template(
        "ideas/departments/departments.html",
        form=form,
        departments=queries.list_departments(),
        held=queries.open_ideas_held(),
    )


@blueprint.route("/admin/departments/<int:department_id>", methods=["GET", "POST"])
def edit_department(department_id: int):
    require(rules.may_manage_departments(current_user))
    department = load_or_404(Department, department_id)
    form = EditDepartmentForm(obj=department)
    if form.validate_on_submit():
        outcome = attempt(
            lambda: services.update_department(
                department, form.name_ko.data, form.name_en.data, form.is_active.data
            )
        )
        if not outcome.refused:
            flash(_("The department %(name)s is saved.", name=department.name), "success")
            return redirect(url_for(".departments"))
        show_refusal(outcome.refusal, form)
    return render_template(
        "ideas/departments/department_form.html", form=form, department=department
    )
