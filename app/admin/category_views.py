"""Administration: categories of needs and offers (made inactive, never deleted)."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.actions import attempt, show_refusal
from app.admin.blueprint import blueprint
from app.categories import services as category_services
from app.categories.forms import CategoryForm
from app.categories.models import Category
from app.extensions import db
from app.lookups import load_or_404
from app.permissions import Power, power_required
from app.submissions import attempt_once


@blueprint.get("/categories")
@power_required(Power.MANAGE_CATEGORIES)
def categories():
    return render_template("admin/categories.html", categories=category_services.list_categories())


@blueprint.route("/categories/new", methods=["GET", "POST"])
@power_required(Power.MANAGE_CATEGORIES)
def create_category():
    form = CategoryForm()
    if form.validate_on_submit():
        outcome = attempt_once(
            form, Category, lambda: category_services.create_category(**form.values())
        )
        if outcome.refused:
            show_refusal(outcome.refusal, form)
        else:
            category = outcome.value
            flash(_("The category %(name)s was added.", name=category.name), "success")
            return redirect(url_for(".categories"))
    return render_template("admin/category_form.html", form=form, category=None)


@blueprint.route("/categories/<int:category_id>/edit", methods=["GET", "POST"])
@power_required(Power.MANAGE_CATEGORIES)
def edit_category(category_id: int):
    category = load_or_404(Category, category_id)
    form = CategoryForm(obj=category)
    if form.validate_on_submit():
        outcome = attempt(lambda: category_services.update_category(category, **form.values()))
        if outcome.refused:
            show_refusal(outcome.refusal, form)
        else:
            flash(_("The category %(name)s was saved.", name=category.name), "success")
            return redirect(url_for(".categories"))
    return render_template("admin/category_form.html", form=form, category=category)


@blueprint.post("/categories/<int:category_id>/deactivate")
@power_required(Power.MANAGE_CATEGORIES)
def deactivate_category(category_id: int):
    category = load_or_404(Category, category_id)
    category_services.set_category_active(category, False)
    db.session.commit()
    flash(
        _("%(name)s is no longer offered for new needs and offers.", name=category.name),
        "success",
    )
    return redirect(url_for(".categories"))


@blueprint.post("/categories/<int:category_id>/activate")
@power_required(Power.MANAGE_CATEGORIES)
def activate_category(category_id: int):
    category = load_or_404(Category, category_id)
    category_services.set_category_active(category, True)
    db.session.commit()
    flash(_("%(name)s is offered again.", name=category.name), "success")
    return redirect(url_for(".categories"))
