"""Translated error pages (JSON for API paths), honest about what was saved.

A 500 or a 503 is drawn without the database (app/without_database.py): it may be the reason
for the failure. Should the page still fail to draw, a static one in both languages is sent
(app/static/errors/). While the database is out of reach every request is answered 503 with
Retry-After (app/outage.py decides; the outage is logged once).

Whether anything was saved is said only where it is known: a request that never started a
commit saved nothing (its rollback undoes everything); after a commit began, it may have.
"""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask, Response, g, has_request_context, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy import event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from werkzeug.exceptions import HTTPException, InternalServerError

from app import outage, without_database

log = logging.getLogger(__name__)

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Please try again.")),
    401: (_l("Please log in"), _l("You need to log in to see this page.")),
    403: (_l("Not allowed"), _l("You do not have permission to do this.")),
    404: (_l("Page not found"), _l("We could not find the page you asked for.")),
    405: (_l("Not allowed"), _l("This address does not accept that kind of request.")),
    413: (_l("Too large"), _l("The file or form you sent is larger than we accept.")),
    429: (
        _l("Too many attempts"),
        # Known: the limit is checked before the page does anything.
        _l(
            "You have done this too often in a short time. Please wait a while and try again. "
            "Nothing was saved: if you were sending a form, go back, and your browser still "
            "has what you typed."
        ),
    ),
    500: (_l("Something went wrong"), _l("An error occurred on our side.")),
    503: (
        _l("Unavailable for a moment"),
        _l("The site cannot reach its database just now. Please try again in a minute."),
    ),
}
# The second sentence of a 500 or 503: what the request knows of its own writes.
NOTHING_SAVED = _l("Nothing was saved.")
MAYBE_SAVED = _l("If you were saving something, check whether it was saved before trying again.")

STATIC_PAGES = Path(__file__).parent / "static" / "errors"
# Read once at start: the fallback must not depend on anything working later, the disk included.
_static_html: dict[int, bytes] = {}


@event.listens_for(Session, "before_commit")
def _note_commit(_session) -> None:
    if has_request_context():
        g.commit_started = True


def what_was_saved() -> str:
    return str(MAYBE_SAVED if g.get("commit_started") else NOTHING_SAVED)


def _wants_json() -> bool:
    return request.path.startswith(("/api/", "/health", "/export/"))


def render_error(code: int, detail: str | None = None):
    title, message = MESSAGES.get(code, MESSAGES[500])
    if _wants_json():
        return jsonify(error=str(title), message=str(detail or message)), code
    return render_template(
        "errors/error.html", code=code, title=title, message=detail or message
    ), code


def render_without_database(code: int) -> Response:
    """A 500 or 503 page from what the request already knows; static if even that fails."""
    title, first = MESSAGES[code]
    message = f"{first} {what_was_saved()}"
    if _wants_json():
        response = jsonify(error=str(title), message=message)
    else:
        html: str | bytes
        try:
            html = render_template(
                "errors/error.html",
                code=code,
                title=title,
                message=message,
                reader_without_database=without_database.reader(),
            )
        except Exception:
            log.exception("The %s page could not be drawn: sending the static one", code)
            html = _static_html[code]
        response = Response(html, mimetype="text/html")
    response.status_code = code
    response.headers["Cache-Control"] = "no-store"
    if code == 503:
        response.headers["Retry-After"] = str(outage.RETRY_AFTER_SECONDS)
    return response


def handle_http_error(error: HTTPException):
    if error.code is None or error.code not in MESSAGES:
        return error
    if error.code == 413:
        return render_error(413, _too_large_detail())
    return render_error(error.code)


def _too_large_detail() -> str | None:
    """Past the request's limit the form cannot be read, so its file cannot be refused at its
    field (the browser does that first: app/static/js/file-size.js): the page names the limit."""
    limit = request.max_content_length
    if not limit or (request.content_length or 0) <= limit:
        return None  # one field too large (MAX_FORM_MEMORY_SIZE): the general message
    from flask_babel import gettext as _

    return _(
        "What you sent is larger than we accept: at most %(megabytes)s MB in all, files "
        "included. Nothing was saved: go back, choose a smaller file, and send the form again.",
        megabytes=f"{limit / 1024 / 1024:g}",
    )


def handle_csrf_error(error: CSRFError):
    from flask_babel import gettext as _

    return render_error(
        400, _("Your form expired or came from another site. Please go back and send it again.")
    )


def handle_database_error(error: DBAPIError):
    """503 while the database is out of reach; any other database error is a 500 as before."""
    without_database.remember_reader()  # before the rollback expires the loaded person
    if not outage.is_unreachable(error):
        raise error  # Flask's own path: logged (or raised in tests), then the 500 page
    outage.report_outage(error)
    return render_without_database(503)


def handle_server_error(error: InternalServerError):
    without_database.remember_reader()
    original = error.original_exception
    if isinstance(original, DBAPIError) and outage.is_unreachable(original):
        # Raised where the handler above does not look (an after_request hook, say).
        outage.report_outage(original)
        return render_without_database(503)
    # Whatever the request changed and did not commit is undone here.
    outage.roll_back_quietly()
    return render_without_database(500)


def register_errorhandlers(app: Flask) -> None:
    for code in (500, 503):
        _static_html[code] = (STATIC_PAGES / f"{code}.html").read_bytes()
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(DBAPIError, handle_database_error)
    # Flask hands unhandled exceptions to the 500 handler (outside debug and testing).
    app.register_error_handler(InternalServerError, handle_server_error)
