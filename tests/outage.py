"""A database that goes away, for real: every new connection fails as it does in an outage.

    def test_something(database_outage, client):
        database_outage.after_next_commit()  # the next commit holds; then the database is gone
        database_outage.begin()              # from now on, requests cannot reach the database

The sessions of the requests are pointed at an address where no database answers, of the same
kind as the suite's: for SQLite a file inside a "folder" that is a regular file (unopenable
even for root), for PostgreSQL a port nobody listens on. The driver's own error comes back, as
it would from a pool that cannot connect. The test's transaction (tests/conftest.py) is left
as it was, so everything is still rolled back afterwards.

Made available to every test by `pytest_plugins` in conftest.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, event

from app import geo
from app.extensions import db
from tests.smtp import unused_port


def unreachable_database_url(dialect: str, folder: Path) -> str:
    if dialect == "postgresql":
        return f"postgresql+psycopg://nobody:x@127.0.0.1:{unused_port()}/gone"
    not_a_folder = folder / "not-a-folder"
    not_a_folder.write_text("a regular file: nothing can be opened inside it")
    return f"sqlite:///{not_a_folder / 'gone.sqlite'}"


@dataclass
class DatabaseOutage:
    engine: Engine
    _listeners: list[Any] = field(default_factory=list)
    _saved_bind: Any = None

    def after_next_commit(self) -> None:
        """The next commit of any session holds; everything after it finds no database."""
        from tests.conftest import ConnectionBoundSession

        armed = [True]

        def gone(session) -> None:
            if armed.pop() if armed else False:  # once (listeners stay until the test ends)
                session.bind = self.engine
                self.begin()  # requests that follow find none either

        event.listen(ConnectionBoundSession, "after_commit", gone)
        self._listeners.append(gone)

    def begin(self) -> None:
        """Sessions made from now on (each request's) cannot reach the database."""
        factory = db.session.session_factory
        if self._saved_bind is None:
            self._saved_bind = factory.kw["bind"]
        factory.configure(bind=self.engine)

    def end(self) -> None:
        self._stop_listening()
        if self._saved_bind is not None:
            db.session.session_factory.configure(bind=self._saved_bind)
            self._saved_bind = None

    def _stop_listening(self) -> None:
        from tests.conftest import ConnectionBoundSession

        while self._listeners:
            event.remove(ConnectionBoundSession, "after_commit", self._listeners.pop())


@pytest.fixture
def database_outage(app, tmp_path) -> Iterator[DatabaseOutage]:
    url = unreachable_database_url(db.engine.dialect.name, tmp_path)
    engine = create_engine(url, **geo.engine_options_for(url, {}))
    outage = DatabaseOutage(engine)
    try:
        yield outage
    finally:
        outage.end()
        engine.dispose()
