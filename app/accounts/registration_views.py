"""Registering: the form, "check your email", the emailed link, and asking for it again.

The form and the request for a new link answer the same way whatever exists for the address
(app.accounts.registration). Their rate limit counts only posts that passed the form's checks:
somebody who mistypes is never locked out, while every attempt that could send an email counts.
"""

from flask import current_app, flash, g, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app.accounts.blueprint import blueprint
from app.accounts.errors import RegistrationLinkNotValid
from app.accounts.forms import FinishRegistrationForm, RegistrationForm, RegistrationLinkForm
from app.accounts.registration import (
    finish_registration,
    request_registration,
    send_link_again,
    waiting_registration,
)
from app.accounts.services import normalise_email
from app.actions import attempt, show_refusal
from app.extensions import limiter
from app.i18n import current_language

# The address the last registration (or request for its link) was for, for "check your email".
SENT_TO = "registration_sent_to"


def _register_limit() -> str:
    return current_app.config["REGISTER_RATE_LIMIT"]


def _passed_checks(response: Response) -> bool:
    """Flask-Limiter's deduct_when: only a post the view found valid uses up the limit."""
    return g.pop("registration_counts", False)


def _counts_against_limit() -> None:
    g.registration_counts = True


limit_registration = limiter.limit(_register_limit, methods=["POST"], deduct_when=_passed_checks)


@blueprint.route("/register", methods=["GET", "POST"])
@limit_registration
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = RegistrationForm()
    if form.validate_on_submit():
        _counts_against_limit()
        outcome = attempt(
            lambda: request_registration(
                form.email.data,
                form.display_name.data,
                form.password.data,
                form.preferred_language.data or None,
                current_language(),
            )
        )
        if not outcome.refused:
            return _check_your_email(form.email.data)
        show_refusal(outcome.refusal, form)
    return render_template("accounts/register.html", form=form)


@blueprint.get("/register/sent")
def registration_sent():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    email = session.get(SENT_TO)
    if not email:
        return redirect(url_for("accounts.register"))
    link_form = RegistrationLinkForm(formdata=None, email=email)
    return render_template("accounts/registration_sent.html", email=email, link_form=link_form)


@blueprint.route("/register/link", methods=["GET", "POST"])
@limit_registration
def registration_link():
    """Ask for a registration's link again (from the login page or "check your email")."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = RegistrationLinkForm()
    if form.validate_on_submit():
        _counts_against_limit()
        outcome = attempt(lambda: send_link_again(form.email.data))
        if not outcome.refused:
            return _check_your_email(form.email.data)
        show_refusal(outcome.refusal, form)
    return render_template("accounts/registration_link.html", form=form)


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@blueprint.route("/register/confirm/<token>", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])  # it checks a password, as the login does
def confirm_registration(token: str):
    """The emailed link shows a form; its POST, with the password chosen when registering,
    creates the account and signs the person in."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    registration = waiting_registration(token)
    if registration is None:
        return render_template("accounts/registration_link_not_valid.html"), 404
    form = FinishRegistrationForm()
    if form.validate_on_submit():
        outcome = attempt(lambda: finish_registration(token, form.password.data))
        if not outcome.refused:
            session.pop(SENT_TO, None)
            flash(
                _("Welcome, %(name)s! Your account is ready.", name=outcome.value.display_name),
                "success",
            )
            return redirect(url_for("main.home"))
        if isinstance(outcome.refusal, RegistrationLinkNotValid):
            return render_template("accounts/registration_link_not_valid.html"), 404
        show_refusal(outcome.refusal, form)
    return render_template(
        "accounts/registration_confirm.html", form=form, registration=registration
    )


def _check_your_email(email: str) -> Response:
    session[SENT_TO] = normalise_email(email)
    return redirect(url_for("accounts.registration_sent"))
