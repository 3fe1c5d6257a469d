"""Translated error pages (JSON for API paths), and a rollback after a failure."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from app.extensions import db

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Please try again.")),
    401: (_l("Please log in"), _l("You need to log in to see this page.")),
    403: (_l("Not allowed"), _l("You do not have permission to do this.")),
    404: (_l("Page not found"), _l("We could not find the page you asked for.")),
    405: (_l("Not allowed"), _l("This address does not accept that kind of request.")),
    413: (_l("Too large"), _l("The file or form you sent is larger than we accept.")),
    429: (
        _l("Too many attempts"),
        _l(
            "You have done this too often in a short time. Please wait a while and try again. "
            "Nothing was saved: if you were sending a form, go back, and your browser still "
            "has what you typed."
        ),
    ),
    500: (_l("Something went wrong"), _l("An error occurred on our side. Nothing was saved.")),
}


def _wants_json() -> bool:
    return request.path.startswith(("/api/", "/health", "/export/"))


def render_error(code: int, detail: str | None = None):
    title, message = MESSAGES.get(code, MESSAGES[500])
    if _wants_json():
        return jsonify(error=str(title), message=str(detail or message)), code
    return render_template(
        "errors/error.html", code=code, title=title, message=detail or message
    ), code


def handle_http_error(error: HTTPException):
    if error.code is None or error.code not in MESSAGES:
        return error
    return render_error(error.code)


def handle_csrf_error(error: CSRFError):
    from flask_babel import gettext as _

    return render_error(
        400, _("Your form expired or came from another site. Please go back and send it again.")
    )


def handle_server_error(error: Exception):
    # Whatever the request changed is not committed: the page promises nothing was saved.
    db.session.rollback()
    return render_error(500)


def register_errorhandlers(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    # Flask hands unhandled exceptions to the 500 handler (outside debug and testing).
    app.register_error_handler(InternalServerError, handle_server_error)
