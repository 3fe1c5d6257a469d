"""Alert subscriptions: a person's own (/alerts) and an organisation's, managed by its
representatives (/organisations/<id>/alerts). Someone else's alert answers 404."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from app.actions import attempt, show_refusal
from app.alerts import rules
from app.alerts.blueprint import blueprint
from app.alerts.forms import SubscriptionForm
from app.alerts.models import AlertSubscription
from app.alerts.services import (
    MAX_SUBSCRIPTIONS,
    add_subscription,
    change_subscription,
    delete_subscription,
    subscriptions_of,
)
from app.areas.services import area_overview
from app.categories.services import active_categories
from app.lookups import current_person, load_or_404
from app.organisations.extension_points import page_section
from app.organisations.models import Organisation
from app.organisations.rules import may_view_organisation
from app.permissions import require
from app.submissions import attempt_once


def _form(subscription: AlertSubscription | None = None) -> SubscriptionForm:
    categories = active_categories()
    if subscription is not None:
        # A category made inactive since stays on the alert until its owner unticks it.
        categories += [c for c in subscription.categories if c not in categories]
    return SubscriptionForm(
        areas_to_choose=area_overview(),
        categories_to_choose=categories,
        subscription=subscription,
    )


def _organisation(organisation_id: int) -> Organisation:
    organisation = load_or_404(Organisation, organisation_id, may_view_organisation)
    require(rules.may_manage_organisation_alerts(current_person(), organisation))
    return organisation


def _list_url(subscription: AlertSubscription) -> str:
    if subscription.organisation_id is not None:
        return url_for(".organisation_alerts", organisation_id=subscription.organisation_id)
    return url_for(".index")


@blueprint.get("/alerts")
@login_required
def index():
    return render_template(
        "alerts/index.html",
        subscriptions=subscriptions_of(user=current_person()),
        organisation=None,
        limit=MAX_SUBSCRIPTIONS,
    )


@blueprint.get("/organisations/<int:organisation_id>/alerts")
@login_required
def organisation_alerts(organisation_id: int):
    organisation = _organisation(organisation_id)
    return render_template(
        "alerts/index.html",
        subscriptions=subscriptions_of(organisation=organisation),
        organisation=organisation,
        limit=MAX_SUBSCRIPTIONS,
    )


def _create(organisation: Organisation | None):
    form = _form()
    if form.validate_on_submit():
        me = current_person()
        outcome = attempt_once(
            form, AlertSubscription, lambda: add_subscription(me, form.choice(), organisation)
        )
        if outcome.refused:
            show_refusal(outcome.refusal, form)
        else:
            flash(_("Your alert was added. Its first digest comes tomorrow morning."), "success")
            return redirect(_list_url(outcome.value))
    return render_template(
        "alerts/form.html", form=form, subscription=None, organisation=organisation
    )


@blueprint.route("/alerts/new", methods=["GET", "POST"])
@login_required
def create():
    return _create(None)


@blueprint.route("/organisations/<int:organisation_id>/alerts/new", methods=["GET", "POST"])
@login_required
def create_for_organisation(organisation_id: int):
    return _create(_organisation(organisation_id))


@blueprint.route("/alerts/<int:subscription_id>/edit", methods=["GET", "POST"])
@login_required
def edit(subscription_id: int):
    subscription = load_or_404(AlertSubscription, subscription_id, rules.may_manage_subscription)
    form = _form(subscription)
    if form.validate_on_submit():
        outcome = attempt(lambda: change_subscription(subscription, form.choice()))
        if outcome.refused:
            show_refusal(outcome.refusal, form)
        else:
            flash(_("Your alert was saved."), "success")
            return redirect(_list_url(subscription))
    return render_template(
        "alerts/form.html",
        form=form,
        subscription=subscription,
        organisation=subscription.organisation,
    )


@blueprint.post("/alerts/<int:subscription_id>/delete")
@login_required
def delete(subscription_id: int):
    subscription = load_or_404(AlertSubscription, subscription_id, rules.may_manage_subscription)
    back = _list_url(subscription)
    outcome = attempt(lambda: delete_subscription(subscription))
    if outcome.refused:
        show_refusal(outcome.refusal)
    else:
        flash(_("The alert was deleted: no more digests for it."), "success")
    return redirect(back)


@page_section("alerts/_organisation_alerts.html")
def organisation_alerts_section(organisation: Organisation, viewer) -> Organisation | None:
    """The link to the organisation's alerts, for its representatives only."""
    return organisation if rules.may_manage_organisation_alerts(viewer, organisation) else None
