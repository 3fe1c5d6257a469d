"""SQLite: a consistent copy of the live file through the online backup API, and back.

A plain copy of the file misses every transaction still in the `-wal` file (an operator lost 28
of 181 acknowledged needs that way). SQLite's backup API reads through the database's own pager,
WAL included, and copies one consistent state even while the site writes. Restoring goes the
same way in reverse, into the live file as one write transaction, so the WAL and any other open
connection stay consistent (replacing the file under them would not).
"""

from __future__ import annotations

from pathlib import Path

import sqlean
from sqlalchemy import Engine, MetaData, create_engine, text

from app import geo
from app.backup.errors import BackupError
from app.backup.fingerprints import TableFingerprint, table_fingerprints


def database_path(engine: Engine) -> Path:
    name = engine.url.database
    if not name or name == ":memory:":
        raise BackupError("The database is in memory: there is no file to back up.")
    return Path(name)


def copy_database(engine: Engine, target: Path) -> None:
    """Write a consistent copy of the engine's database to `target` (a new file)."""
    database_path(engine)
    pooled = engine.raw_connection()
    try:
        copy = sqlean.connect(str(target))
        try:
            # All pages in one step: the copy is one state of the database, never a mix.
            live = pooled.driver_connection
            assert live is not None  # a pooled connection that is open
            live.backup(copy)
            # The copy stands alone: no -wal file beside it in the archive.
            copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()
    finally:
        pooled.close()


def read_copy(copy: Path, metadata: MetaData) -> tuple[str, dict[str, TableFingerprint]]:
    """The revision and the tables' fingerprints of a copy (SpatiaLite loaded for geometries)."""
    url = f"sqlite:///{copy}"
    engine = create_engine(url, **geo.engine_options_for(url, {}))
    geo.setup_engine(engine)
    try:
        with engine.connect() as connection:
            revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            fingerprints = table_fingerprints(connection, metadata)
    finally:
        engine.dispose()
    # Reading switched the copy to WAL (the app's connect hook); the archive gets a lone file.
    plain = sqlean.connect(str(copy))
    try:
        plain.execute("PRAGMA journal_mode = DELETE")
    finally:
        plain.close()
    if revision is None:
        raise BackupError("The database has no schema revision: run `flask db upgrade` first.")
    return str(revision), fingerprints


def restore_database(engine: Engine, copy: Path) -> None:
    """Replace the live database's contents with the copy's, as one write transaction."""
    target = database_path(engine)
    engine.dispose()  # no pooled connection keeps the old schema in its cache
    source = sqlean.connect(str(copy))
    try:
        live = sqlean.connect(str(target), timeout=30)
        try:
            source.backup(live)
        except sqlean.Error as exc:
            raise BackupError(f"SQLite refused the restore into {target}: {exc}") from exc
        finally:
            live.close()
    finally:
        source.close()
    engine.dispose()
