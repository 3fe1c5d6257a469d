"""ideas keep their support count (sorted by an index) and their titles and bodies are searched
by an index: pg_trgm GIN indexes on PostgreSQL, an FTS5 trigram table on SQLite

Revision ID: 8d3f1b6c2a51
Revises: 1250a7c3e5d1
Create Date: 2026-12-06

"""

import sqlalchemy as sa
from alembic import op

revision = "8d3f1b6c2a51"
down_revision = "1250a7c3e5d1"
branch_labels = None
depends_on = None

# The SQLite side of app/ideas/search_index.py: an external-content FTS5 table over ideas (no
# second copy of the text), kept in step by triggers so that every write path (services, bulk
# loads, the demo) updates it.
SQLITE_FTS = [
    "CREATE VIRTUAL TABLE ideas_fts USING fts5("
    "title, body, content='ideas', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER ideas_fts_insert AFTER INSERT ON ideas BEGIN "
    "INSERT INTO ideas_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    "CREATE TRIGGER ideas_fts_delete AFTER DELETE ON ideas BEGIN "
    "INSERT INTO ideas_fts(ideas_fts, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); END",
    "CREATE TRIGGER ideas_fts_update AFTER UPDATE OF title, body ON ideas BEGIN "
    "INSERT INTO ideas_fts(ideas_fts, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); "
    "INSERT INTO ideas_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    "INSERT INTO ideas_fts(ideas_fts) VALUES ('rebuild')",
]
# The PostgreSQL side: the searches compare lower(column) with LIKE '%word%', which a trigram
# GIN index on the same expression serves unchanged.
POSTGRES_TRGM = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_ideas_title_trgm ON ideas USING gin (lower(title) gin_trgm_ops)",
    "CREATE INDEX ix_ideas_body_trgm ON ideas USING gin (lower(body) gin_trgm_ops)",
]


def upgrade():
    op.add_column(
        "ideas", sa.Column("support_count", sa.Integer(), nullable=False, server_default="0")
    )
    op.execute(
        "UPDATE ideas SET support_count = "
        "(SELECT count(*) FROM idea_supports WHERE idea_supports.idea_id = ideas.id)"
    )
    op.create_index("ix_ideas_supported", "ideas", ["support_count", "created_at", "id"])
    op.create_index(
        "ix_ideas_status_supported", "ideas", ["status", "support_count", "created_at", "id"]
    )
    for statement in SQLITE_FTS if op.get_bind().dialect.name == "sqlite" else POSTGRES_TRGM:
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("ideas_fts_insert", "ideas_fts_delete", "ideas_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS ideas_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_ideas_body_trgm")
        op.execute("DROP INDEX IF EXISTS ix_ideas_title_trgm")
    op.drop_index("ix_ideas_status_supported", table_name="ideas")
    op.drop_index("ix_ideas_supported", table_name="ideas")
    with op.batch_alter_table("ideas") as batch:
        batch.drop_column("support_count")
