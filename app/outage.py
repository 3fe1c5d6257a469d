"""Is the database out of reach? Told apart from other database errors, and logged once.

A request that cannot reach the database gets a 503 with Retry-After (app/error_pages.py), not
a 500: nothing is wrong with what the person did, and it will work again. But an
OperationalError is not always an outage (SQLite also says "no such table" with it, and
"database is locked"), so unless the driver said the connection was lost, a fresh statement
decides: the database is out of reach when it cannot answer one either.

The first failure is logged with its traceback; the requests that follow during the same
outage are not (a busy site would write thousands). The next connection the pool makes, or a
probe that works, ends the outage, so the next one is logged again.
"""

from __future__ import annotations

import logging
import threading

from sqlalchemy import event, text
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.pool import Pool

from app.extensions import db

# How long a client should wait before asking again (the Retry-After header).
RETRY_AFTER_SECONDS = 30

log = logging.getLogger(__name__)
_lock = threading.Lock()
_reported = False


def schema_answers() -> None:
    """Raise unless the database answers a statement on the site's own tables.

    A table every migrated database has, rather than `SELECT 1`: SQLite makes a new, empty
    file where the real one went missing, and that answers `SELECT 1` too.
    """
    db.session.execute(text("SELECT version_num FROM alembic_version"))


def database_answers() -> bool:
    try:
        schema_answers()
    except Exception:  # anything: the database did not answer
        roll_back_quietly()
        return False
    roll_back_quietly()
    database_reachable()
    return True


def is_unreachable(error: DBAPIError) -> bool:
    """Whether `error` means the database cannot be reached (rather than a bad statement).

    Rolls the session back. The verdict is kept on the error: a request's error handlers may
    each ask about the same one."""
    verdict = getattr(error, "database_unreachable", None)
    if verdict is None:
        roll_back_quietly()
        if error.connection_invalidated:  # the driver said the connection was lost
            verdict = True
        else:
            verdict = isinstance(error, (OperationalError, InterfaceError)) and not (
                database_answers()
            )
        error.database_unreachable = verdict  # type: ignore[attr-defined]
    return verdict


def report_outage(error: BaseException) -> None:
    """Log the outage once, with what the driver said."""
    global _reported
    with _lock:
        first, _reported = not _reported, True
    if first:
        log.error("The database cannot be reached: answering 503 until it can", exc_info=error)


def database_reachable() -> None:
    global _reported
    with _lock:
        was_down, _reported = _reported, False
    if was_down:
        log.warning("The database answers again")


def roll_back_quietly() -> None:
    """Roll back what a failed statement left; with the database gone that may fail too."""
    try:
        db.session.rollback()
    except Exception:
        log.debug("rollback without a database failed", exc_info=True)


@event.listens_for(Pool, "connect")
def _on_new_connection(_dbapi_connection, _record) -> None:
    # A pool made a connection: whatever outage there was is over.
    database_reachable()
