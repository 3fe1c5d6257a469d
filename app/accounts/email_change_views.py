"""Changing one's email address: the request on the account pages, and the page of the link
emailed to the new address (followed while logged in as the account's owner)."""

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from app.accounts import email_change
from app.accounts.blueprint import blueprint
from app.accounts.errors import LinkNotValid
from app.accounts.forms import ConfirmEmailChangeForm, EmailChangeForm
from app.accounts.services import normalise_email
from app.actions import attempt, show_refusal
from app.extensions import limiter
from app.i18n import current_language
from app.lookups import current_person


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@blueprint.route("/account/email", methods=["GET", "POST"])
@login_required
@limiter.limit(_login_limit, methods=["POST"])  # it checks a password, as the login does
def change_email():
    form = EmailChangeForm()
    if form.validate_on_submit():
        me = current_person()
        outcome = attempt(
            lambda: email_change.request_email_change(
                me, form.new_email.data, form.current_password.data, current_language()
            )
        )
        if not outcome.refused:
            # The same words whether or not the address has an account (see email_change).
            flash(
                _(
                    "We sent a link to %(email)s, unless it belongs to another account. Your "
                    "address changes when you open the link while logged in, within "
                    "%(hours)d hours.",
                    email=normalise_email(form.new_email.data),
                    hours=current_app.config["EMAIL_CHANGE_HOURS"],
                ),
                "info",
            )
            return redirect(url_for("accounts.profile"))
        show_refusal(outcome.refusal, form)
    return render_template("accounts/email_change.html", form=form)


@blueprint.route("/account/email/confirm/<token>", methods=["GET", "POST"])
@login_required
def confirm_email_change(token: str):
    """The link shows the new address and a button; its POST makes the change."""
    me = current_person()
    change = email_change.waiting_change(token, me)
    if change is None:
        return _link_not_valid()
    form = ConfirmEmailChangeForm()
    if form.validate_on_submit():
        outcome = attempt(lambda: email_change.confirm_email_change(token, me))
        if not outcome.refused:
            flash(_("Your email address is now %(email)s.", email=me.email), "success")
            return redirect(url_for("accounts.profile"))
        if isinstance(outcome.refusal.error, LinkNotValid):
            return _link_not_valid()
        show_refusal(outcome.refusal, form)
    return render_template(
        "accounts/email_change_confirm.html", form=form, new_email=change.new_email
    )


def _link_not_valid() -> tuple[str, int]:
    return render_template("accounts/link_not_valid.html"), 404
