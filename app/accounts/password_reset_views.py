"""A forgotten password: asking for a link, and the page of the emailed link.

Asking answers the same whatever the address has (app.accounts.password_reset). Its rate
limit counts only posts that passed the form's checks, as registering does: a mistyped
address never locks anybody out, while every post that could send an email counts.
"""

from flask import current_app, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app.accounts import password_reset
from app.accounts.blueprint import blueprint
from app.accounts.errors import LinkNotValid
from app.accounts.forms import PasswordForgotForm, PasswordResetForm
from app.accounts.services import normalise_email
from app.accounts.tasks import ask_for_password_reset
from app.actions import attempt, show_refusal
from app.extensions import limiter
from app.i18n import current_language


def _reset_limit() -> str:
    return current_app.config["PASSWORD_RESET_RATE_LIMIT"]


def _passed_checks(response: Response) -> bool:
    """Flask-Limiter's deduct_when: only a post the view found valid uses up the limit."""
    return g.pop("password_reset_counts", False)


@blueprint.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"], deduct_when=_passed_checks)
def forgot_password():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = PasswordForgotForm()
    if form.validate_on_submit():
        g.password_reset_counts = True
        outcome = attempt(lambda: ask_for_password_reset(form.email.data, current_language()))
        if not outcome.refused:
            flash(
                _(
                    "If an account exists for %(email)s, we sent a link to it to choose a new "
                    "password. The link works once, within %(hours)d hours.",
                    email=normalise_email(form.email.data),
                    hours=current_app.config["PASSWORD_RESET_HOURS"],
                ),
                "info",
            )
            return redirect(url_for("accounts.login"))
        show_refusal(outcome.refusal, form)
    return render_template("accounts/password_forgot.html", form=form)


@blueprint.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"])  # each post hashes a password
def reset_password(token: str):
    """The emailed link shows a form; its POST sets the new password and signs in."""
    if password_reset.waiting_reset(token) is None:
        return _link_not_valid()
    form = PasswordResetForm()
    if form.validate_on_submit():
        outcome = attempt(lambda: password_reset.reset_password(token, form.new_password.data))
        if not outcome.refused:
            flash(_("Your new password is set. Other devices were logged out."), "success")
            return redirect(url_for("main.home"))
        if isinstance(outcome.refusal.error, LinkNotValid):
            return _link_not_valid()
        show_refusal(outcome.refusal, form)
    return render_template("accounts/password_reset.html", form=form)


def _link_not_valid() -> tuple[str, int]:
    return render_template("accounts/link_not_valid.html"), 404
