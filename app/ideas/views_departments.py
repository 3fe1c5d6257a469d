"""The administrators' list of the departments that answer ideas: adding one, renaming it,
taking it out of use (rules.may_manage_departments, checked before anything is looked up)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import db
from app.ideas import blueprint, departments, rules
from app.permissions import require


@blueprint.route("/admin/departments", methods=["GET", "POST"], endpoint="departments")
def manage_departments():
    require(rules.may_manage_departments(current_user))
    form = departments.DepartmentForm()
    if form.validate_on_submit():
        try:
            department = departments.create_department(form.name_ko.data, form.name_en.data)
        except departments.DepartmentNameTaken as taken:
            form[taken.field].errors.append(str(taken.message))
        else:
            db.session.commit()
            flash(_("The department %(name)s is added.", name=department.name), "success")
            return redirect(url_for(".departments"))
    return render_template(
        "ideas/departments.html",
        form=form,
        departments=departments.list_departments(),
        held=departments.open_ideas_held(),
    )


@blueprint.route("/admin/departments/<int:department_id>", methods=["GET", "POST"])
def edit_department(department_id: int):
    require(rules.may_manage_departments(current_user))
    department = db.session.get(departments.Department, department_id)
    if department is None:
        abort(404)
    form = departments.EditDepartmentForm(obj=department)
    if form.validate_on_submit():
        try:
            departments.update_department(
                department, form.name_ko.data, form.name_en.data, form.is_active.data
            )
        except departments.DepartmentNameTaken as taken:
            form[taken.field].errors.append(str(taken.message))
        else:
            db.session.commit()
            flash(_("The department %(name)s is saved.", name=department.name), "success")
            return redirect(url_for(".departments"))
    return render_template("ideas/department_form.html", form=form, department=department)
