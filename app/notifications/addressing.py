"""Whom a notification speaks to, and where its link points: shared by the notifications
written in requests and commands and by the emails the worker sends."""

from __future__ import annotations

from typing import Any

from flask import current_app, has_request_context, url_for

from app.accounts.models import User


def local_path(endpoint: str, **values: Any) -> str:
    """A path on this site for a notification's `link`, in a request or in a CLI command
    (where url_for() would need SERVER_NAME to build anything)."""
    if has_request_context():
        return url_for(endpoint, **values)
    return current_app.url_map.bind("localhost").build(endpoint, values)


def language_of(user: User) -> str:
    return user.preferred_language or current_app.config["BABEL_DEFAULT_LOCALE"]
