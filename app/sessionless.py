"""Paths served without the cookie session: public answers that a shared cache may keep.

Flask's cookie session adds `Vary: Cookie` to any response whose session was read, and a
`Set-Cookie` to any whose session was written; either keeps the answer out of shared caches.
Under a registered path prefix the request gets an empty session that is never saved, so no
extension (Flask-Login, Flask-Babel, Flask-WTF) can add either, whatever it reads, and the
cookie is not even decoded. The prefix is checked before the URL is matched (Flask opens the
session first), so it is a path, not an endpoint.
"""

from __future__ import annotations

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface


class DetachedSession(SecureCookieSession):
    """A session for one request only: readable and writable, never sent back."""


class SessionlessPathsInterface(SecureCookieSessionInterface):
    def __init__(self) -> None:
        self.prefixes: tuple[str, ...] = ()

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if self.prefixes and request.path.startswith(self.prefixes):
            return DetachedSession()
        return super().open_session(app, request)

    def is_null_session(self, obj: object) -> bool:
        # Flask saves every session that is not "null": a detached one must not be.
        return isinstance(obj, DetachedSession) or super().is_null_session(obj)


def init_app(app: Flask) -> None:
    app.session_interface = SessionlessPathsInterface()


def serve_without_session(app: Flask, prefix: str) -> None:
    """Requests under `prefix` get no session (see the module's docstring)."""
    interface = app.session_interface
    if not isinstance(interface, SessionlessPathsInterface):
        raise RuntimeError("app.sessionless.init_app must run before paths are registered")
    if prefix not in interface.prefixes:
        interface.prefixes = (*interface.prefixes, prefix)
