from flask import current_app, flash, jsonify, redirect, render_template, request, session
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

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
        db.session.rollback()
        current_app.logger.warning("health check failed: %s", exc)
        return jsonify(status="error", database="unavailable", error=type(exc).__name__), 503
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
