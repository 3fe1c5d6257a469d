"""pins' and stories' titles and bodies are searched by an index: pg_trgm GIN indexes on
PostgreSQL, FTS5 trigram tables on SQLite (as ideas' since 2026_12_06_1251)

Revision ID: 1256c4e8a9b3
Revises: 1255c4d2e8f7
Create Date: 2026-12-06

"""

from alembic import op

revision = "1256c4e8a9b3"
down_revision = "1255c4d2e8f7"
branch_labels = None
depends_on = None

# table -> its searched text columns (app/search_index.py: TextIndex in each feature)
SEARCHED = {"pins": ("title", "description"), "stories": ("title", "body")}


def _sqlite_fts(table: str, columns: tuple[str, ...]) -> list[str]:
    # An external-content FTS5 table (no second copy of the text) kept in step by triggers, so
    # that every write path (services, bulk loads, the demo) updates it; 'rebuild' backfills.
    # pins is a SpatiaLite table: triggers and a separate virtual table leave it unaltered.
    names = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    fts = f"{table}_fts"
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5("
        f"{names}, content='{table}', content_rowid='id', tokenize='trigram')",
        f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new}); END",
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old}); END",
        f"CREATE TRIGGER {fts}_update AFTER UPDATE OF {names} ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new}); END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def upgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    if not sqlite:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, columns in SEARCHED.items():
        if sqlite:
            for statement in _sqlite_fts(table, columns):
                op.execute(statement)
            continue
        # The searches compare lower(column) with LIKE '%word%', which a trigram GIN index on
        # the same expression serves unchanged.
        for column in columns:
            op.execute(
                f"CREATE INDEX ix_{table}_{column}_trgm ON {table} "
                f"USING gin (lower({column}) gin_trgm_ops)"
            )


def downgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, columns in SEARCHED.items():
        if sqlite:
            for event in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{event}")
            op.execute(f"DROP TABLE IF EXISTS {table}_fts")
        else:
            for column in columns:
                op.execute(f"DROP INDEX IF EXISTS ix_{table}_{column}_trgm")
