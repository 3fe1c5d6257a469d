"""Pages drawn without the database: the error pages of a failed request.

The usual page asks the database who is reading (Flask-Login loads the person on first use of
`current_user`), which language they chose, and how many notifications they have. When the
request failed, perhaps because the database is gone, none of that may be asked: an error in
the error page leaves the reader with the server's bare one. So the error pages take what the
request already knew of its reader, before anything is rolled back (a rollback expires the
loaded person, and reading them again would be a query), and nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from flask import current_app, g, request, session
from sqlalchemy import inspect

# "signed in, not known": the cookies say someone is signed in, but the request never got as
# far as loading them. The page then offers neither their name nor "Log in".
Account = Literal["signed_out", "signed_in", "signed_in_not_known"]


@dataclass(frozen=True)
class Reader:
    account: Account
    display_name: str | None = None
    language: str | None = None


def remember_reader() -> Reader:
    """What the request knows of its reader, without a query; kept for the rest of it (the
    first error handler of a request remembers, before its rollback)."""
    if "reader_without_database" not in g:
        g.reader_without_database = _known_reader()
        if g.get("_login_user") is None:
            # Flask-Login would load the person for the first template drawn (its context
            # processor asks for `current_user`): from here on, nobody is loaded.
            g._login_user = current_app.login_manager.anonymous_user()  # type: ignore[attr-defined]
    return g.reader_without_database


def reader() -> Reader | None:
    """The reader as remembered by an error page, or None on every other page."""
    return g.get("reader_without_database")


def _known_reader() -> Reader:
    user = g.get("_login_user")  # Flask-Login keeps the person here once loaded
    if user is not None and user.is_authenticated:
        state = inspect(user, raiseerr=False)
        loaded = state.dict if state is not None else {}  # attributes already read, no query
        name = loaded.get("stored_name")  # the column behind User.display_name
        if name:
            return Reader("signed_in", name, loaded.get("preferred_language"))
        return Reader("signed_in_not_known")
    remember_cookie = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    if user is None and (session.get("_user_id") or request.cookies.get(remember_cookie)):
        return Reader("signed_in_not_known")
    return Reader("signed_out")
