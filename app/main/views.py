from flask import current_app, flash, jsonify, redirect, render_template, request, session
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from app import outage
from app.extensions import db, limiter
from app.i18n import LANGUAGE_NAMES, safe_next_url
from app.main.blueprint import blueprint
from app.main.services import database_status, home_figures
from app.stories.reading.queries import featured_stories


@blueprint.get("/")
def home():
    return render_template(
        "main/home.html",
        figures=home_figures(),
        featured_stories=featured_stories(current_app.config["FEATURED_STORIES_ON_HOME"]),
    )


@blueprint.get("/health")
@limiter.exempt
def health():
    try:
        status = database_status()
    except Exception as exc:  # any failure means "not healthy"; say which kind
        outage.roll_back_quietly()
        outage.report_outage(exc)
        response = jsonify(status="error", database="unavailable", error=type(exc).__name__)
        response.status_code = 503
        response.headers["Retry-After"] = str(outage.RETRY_AFTER_SECONDS)
        return response
    outage.database_reachable()
    return jsonify(status="ok", database="ok", **status)


@blueprint.post("/language")
def set_language():
    """The language switch: remembered in the session, and on the account when logged in."""
    language = request.form.get("language", "")
    back = safe_next_url(request.form.get("next"))
    if language not in current_app.config["LANGUAGES"]:
        flash(_("That language is not available."), "error")
        return redirect(back)
    session["lang"] = language
    if current_user.is_authenticated:
        current_user.preferred_language = language
        db.session.commit()
    with force_locale(language):  # say it in the language just chosen
        flash(_("Language changed to %(name)s.", name=LANGUAGE_NAMES[language]), "success")
    return redirect(back)
