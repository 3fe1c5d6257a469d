from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.accounts.blueprint import blueprint
from app.accounts.errors import AwaitingConfirmation
from app.accounts.forms import (
    LoginForm,
    PasswordChangeForm,
    ProfileForm,
    RegistrationLinkForm,
)
from app.accounts.services import (
    authenticate,
    change_password,
    end_session,
    start_session,
    update_profile,
)
from app.actions import attempt, show_refusal
from app.extensions import db, limiter
from app.i18n import safe_next_url
from app.lookups import current_person


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@blueprint.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    link_form = None  # "send the link again", for a registrant whose link was not followed
    if form.validate_on_submit():
        try:
            user = authenticate(form.email.data, form.password.data)
        except AwaitingConfirmation as waiting:
            user = None
            show_refusal(waiting, form)
            link_form = RegistrationLinkForm(formdata=None, email=form.email.data)
        if user is not None:
            start_session(user, remember=form.remember.data)
            db.session.commit()
            flash(_("You are logged in."), "success")
            return redirect(safe_next_url(request.args.get("next"), url_for("main.home")))
        if link_form is None:
            # One message whether or not the account exists.
            form.password.errors.append(_("The email or password is not correct."))
    return render_template("accounts/login.html", form=form, link_form=link_form)


@blueprint.post("/logout")
def logout():
    if current_user.is_authenticated:
        end_session()
        db.session.commit()
        flash(_("You are logged out."), "info")
    return redirect(url_for("main.home"))


@blueprint.route("/account", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user, preferred_language=current_user.preferred_language or "")
    if form.validate_on_submit():
        update_profile(current_person(), form.display_name.data, form.preferred_language.data)
        db.session.commit()
        flash(_("Your profile was saved."), "success")
        return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form)


@blueprint.route("/account/password", methods=["GET", "POST"])
@login_required
def password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        me = current_person()

        def change() -> None:
            change_password(me, form.current_password.data, form.new_password.data)
            start_session(me)  # the cookie must carry the new session token

        outcome = attempt(change)
        if outcome.refused:
            show_refusal(outcome.refusal, form)
        else:
            flash(_("Your password was changed. Other devices were logged out."), "success")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/password.html", form=form)
