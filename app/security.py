"""Security headers (Flask-Talisman) with a nonce-based Content Security Policy."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, abort, current_app, request
from flask_login import current_user

from app.extensions import talisman


def tile_source(tile_url: str) -> str:
    """The CSP source for map tiles: scheme and host, with `{s}` subdomains as a wildcard."""
    parts = urlsplit(tile_url.replace("{s}.", "*."))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme else "'self'"


def content_security_policy(app: Flask) -> dict[str, str | list[str]]:
    return {
        "default-src": "'self'",
        "script-src": "'self'",  # plus a per-response nonce for our own inline scripts
        "style-src": "'self'",
        "img-src": ["'self'", "data:", tile_source(app.config["MAP_TILE_URL"])],
        "connect-src": "'self'",
        "font-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }


def register_security(app: Flask) -> None:
    talisman.init_app(
        app,
        force_https=app.config["FORCE_HTTPS"],
        strict_transport_security=True,
        strict_transport_security_max_age=60 * 60 * 24 * 365,
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        session_cookie_http_only=True,
        content_security_policy=content_security_policy(app),
        content_security_policy_nonce_in=["script-src"],
        frame_options="DENY",
        referrer_policy="strict-origin-when-cross-origin",
        permissions_policy={"geolocation": "(self)", "camera": "()", "microphone": "()"},
        x_content_type_options=True,
    )
    app.before_request(refuse_oversized_forms)
    app.after_request(keep_personal_pages_private)


def keep_personal_pages_private(response: Response) -> Response:
    """What a signed-in person is shown carries their name and their data: no shared cache may
    keep it and no browser store it (the back button after logging out shows nothing). Pages
    that set their own caching (public open data, photos) keep it."""
    if "Cache-Control" not in response.headers and current_user.is_authenticated:
        response.headers["Cache-Control"] = "private, no-store"
    return response


def refuse_oversized_forms() -> None:
    """413 for a URL-encoded form larger than any form of ours, before anything reads it.

    Werkzeug bounds each field of a multipart form (MAX_FORM_MEMORY_SIZE) but reads a
    URL-encoded body whole; this bounds that one too, far below MAX_CONTENT_LENGTH.
    """
    if (
        request.mimetype == "application/x-www-form-urlencoded"
        and (request.content_length or 0) > current_app.config["MAX_URLENCODED_FORM_SIZE"]
    ):
        abort(413)
