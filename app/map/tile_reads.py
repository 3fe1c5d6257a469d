"""The tile API's reads on connections of their own: autocommit, and no ping before each use.

A tile that is not kept costs a statement or two. Through the request's pooled session it
also cost three more round trips to PostgreSQL: the pool's ping on checkout
(pool_pre_ping), BEGIN and ROLLBACK, each a little of the database's time too. Reads of one
statement need no transaction, so on PostgreSQL they go through an engine of their own (the
same database and options) whose connections are in autocommit and are not pinged. A
connection found dead on use (the server restarted) is dropped by SQLAlchemy, and the read is
tried once more on a fresh one: SQLAlchemy's "optimistic" disconnect handling.

On SQLite there is no round trip to save, and the request's session is used (its BEGIN
event and SpatiaLite's set-up stay in one place: app.geo). Tests, which roll every write back
on one connection, turn this off (TILE_READS_OWN_CONNECTIONS) except the test of this module.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from app.extensions import db

T = TypeVar("T")
EXTENSION = "map_tile_reads"
_making = threading.Lock()


def read(work: Callable[[Any], T]) -> T:
    """`work(executor)`, where the executor has `execute()`: an autocommit connection of the
    tile engine, or the request's session."""
    engine = _engine(current_app)
    if engine is None:
        return work(db.session)
    try:
        return _once(engine, work)
    except DBAPIError as error:
        if not error.connection_invalidated:
            raise
        return _once(engine, work)  # the dead connection is gone from the pool: once more


def _once(engine: Engine, work: Callable[[Connection], T]) -> T:
    with engine.connect() as connection:
        return work(connection)


def _engine(app: Flask) -> Engine | None:
    if EXTENSION in app.extensions:
        return app.extensions[EXTENSION]
    with _making:  # two threads' first misses at once make one engine, not two pools
        if EXTENSION in app.extensions:
            return app.extensions[EXTENSION]
        url = db.engine.url
        own = app.config["TILE_READS_OWN_CONNECTIONS"] and url.get_backend_name() == "postgresql"
        options = {**app.config["SQLALCHEMY_ENGINE_OPTIONS"], "pool_pre_ping": False}
        # Made on first use, in the serving process (never before gunicorn forks).
        app.extensions[EXTENSION] = (
            create_engine(url, isolation_level="AUTOCOMMIT", **options) if own else None
        )
    return app.extensions[EXTENSION]
