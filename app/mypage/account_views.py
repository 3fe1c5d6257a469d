"""Download my data, and delete my account: both behind the password, both POSTs."""

from __future__ import annotations

from flask import Response, current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from app.access_log import AccessAction, record_access
from app.accounts.errors import WrongPassword
from app.accounts.services import check_password
from app.actions import attempt, show_refusal
from app.clock import utcnow
from app.extensions import db, limiter
from app.lookups import current_person
from app.mypage.account_deletion import delete_account
from app.mypage.blueprint import blueprint
from app.mypage.data_archive import data_archive
from app.mypage.forms import AccountDeletionForm, DataDownloadForm, confirmation_phrase


def _download_limit() -> str:
    return current_app.config["DATA_DOWNLOAD_RATE_LIMIT"]


def _account() -> str:
    return f"account:{current_user.id}"  # the person, whichever of their logins


@blueprint.route("/my/data", methods=["GET", "POST"])
@login_required
@limiter.limit(_download_limit, key_func=_account, methods=["POST"])
def data():
    form = DataDownloadForm()
    if form.validate_on_submit():
        me = current_person()
        try:
            check_password(me, form.current_password.data)
        except WrongPassword as wrong:
            show_refusal(wrong, form)
        else:
            # A copy of personal data leaving the site, logged even though it is one's own.
            record_access(
                "own_data", me.id, AccessAction.DOWNLOAD, person_id=me.id, reason="own data"
            )
            db.session.commit()
            response = Response(data_archive(me), mimetype="application/zip")
            name = f"hope-map-my-data-{utcnow():%Y%m%d}.zip"
            response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
            response.headers["Cache-Control"] = "no-store"
            return response
    return render_template("mypage/data.html", form=form)


@blueprint.route("/my/delete", methods=["GET", "POST"])
@login_required
def delete():
    form = AccountDeletionForm()
    if form.validate_on_submit():
        me = current_person()
        outcome = attempt(lambda: delete_account(me, form.current_password.data))
        if outcome.refused:
            show_refusal(outcome.refusal, form)
        else:
            # The service ended every login; this browser's cookie goes too.
            logout_user()
            language = session.get("lang")
            session.clear()
            if language:
                session["lang"] = language
            flash(_("Your account was deleted. Thank you for helping your neighbours."), "info")
            return redirect(url_for("main.home"))
    return render_template("mypage/delete.html", form=form, phrase=confirmation_phrase())
