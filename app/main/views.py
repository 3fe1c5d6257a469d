from urllib.parse import urlsplit

from flask import current_app, flash, jsonify, redirect, render_template, request, session
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from app import outage
from app.extensions import csrf, db, limiter
from app.i18n import LANGUAGE_NAMES, safe_next_url
from app.main.blueprint import blueprint
from app.main.services import database_status, kept_home_figures
from app.stories.reading.queries import featured_stories


def _sent_from_this_site() -> bool:
    sender = request.headers.get("Origin") or request.referrer or ""
    parts = urlsplit(sender)
    return (parts.scheme, parts.netloc) == (request.scheme, request.host)


@blueprint.get("/")
def home():
    return render_template(
        "main/home.html",
        figures=kept_home_figures(),
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
@csrf.exempt
def set_language():
    """The language switch: remembered in the session, and on the account when logged in.

    Signed in, it takes the form's CSRF token like every other form. Signed out, the form
    carries none: a token lives in the session, and putting one in every page's header gave
    every visitor a session cookie, so that no shared cache could keep a page. A visitor's
    switch is instead accepted only from this site's own pages (the browser's Origin, or its
    Referer, names this site), which a forged form on another site cannot give; and all it
    can change is that visitor's language."""
    if not current_app.config["WTF_CSRF_ENABLED"]:
        pass  # the tests' default, as for every other form
    elif current_user.is_authenticated:
        csrf.protect()
    elif not _sent_from_this_site():
        raise CSRFError(_("The form was not sent from this site."))
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
