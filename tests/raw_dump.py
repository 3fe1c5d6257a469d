"""What a copy of the database shows to someone who has it but not the vault's keys: a stolen
backup, a disk, a careless export. Tests of sealed fields (the vault, the privacy scan, later the
welfare reports and visits) write their words for real, then look for them here.

    with database_of_its_own(tmp_dir, "_reports") as app:
        ...  # write the records
        db.session.commit()
        assert not raw_dump().holding(["Marker-1", "010-1234-0000"])

On SQLite the dump is the file's bytes and its write-ahead log (committed pages may sit there
until a checkpoint); on PostgreSQL every column of every table of the schema, read as text
(bytea as its escaped bytes), which is what `pg_dump` would print.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from sqlalchemy import text

from app import create_app
from app.extensions import db
from tests.conftest import _test_database_url, reset_and_migrate


@contextmanager
def database_of_its_own(tmp_dir: Path, suffix: str) -> Iterator[Flask]:
    """An app on a fresh, migrated database that commits for real (mark the test `own_app`:
    the usual one rolls everything back, so nothing would reach the file)."""
    url = _test_database_url(tmp_dir, suffix)
    own = create_app("testing", overrides={"SQLALCHEMY_DATABASE_URI": url})
    reset_and_migrate(own)
    with own.app_context():
        try:
            yield own
        finally:
            db.session.remove()
            db.engine.dispose()


@dataclass(frozen=True)
class RawDump:
    content: str
    # SQLite's bytes are read as latin-1 (every byte a character): UTF-8 text is looked for in
    # the same spelling, so Korean markers are found as well as ASCII ones.
    bytewise: bool

    def __contains__(self, plain: str) -> bool:
        wanted = plain.encode("utf-8").decode("latin-1") if self.bytewise else plain
        return wanted in self.content

    def holding(self, markers: Iterable[str]) -> list[str]:
        """The markers found in plain text (an empty list when the dump keeps them all)."""
        return [marker for marker in markers if marker in self]


def raw_dump() -> RawDump:
    """The current app's database as stored, after what was committed."""
    if db.engine.dialect.name == "sqlite":
        path = Path(str(db.engine.url.database))
        files = (path, Path(f"{path}-wal"))
        content = b"".join(p.read_bytes() for p in files if p.exists()).decode("latin-1")
        return RawDump(content, bytewise=True)
    columns = db.session.execute(
        text(
            "SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c"
            " JOIN information_schema.tables t USING (table_schema, table_name)"
            " WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'"
            " AND c.table_name <> 'spatial_ref_sys'"  # PostGIS's own: no person in it
            " ORDER BY c.table_name, c.ordinal_position"
        )
    ).all()
    values: list[str] = []
    for table, column, data_type in columns:
        as_text = f"encode(\"{column}\", 'escape')" if data_type == "bytea" else f'"{column}"::text'
        query = text(f'SELECT {as_text} FROM "{table}" WHERE "{column}" IS NOT NULL')  # noqa: S608
        values += db.session.scalars(query).all()
    db.session.rollback()
    return RawDump("\n".join(values), bytewise=False)
