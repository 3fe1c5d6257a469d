"""Two-character words (most Korean words: 이불, 반찬, 난방) are searched by an index on
PostgreSQL: GIN indexes on each searched column's character pairs (text_bigrams), since a
trigram index has nothing to look up for them and read every row (400 ms for one word over
1M pins). SQLite is unchanged (app/search_index.py).

Revision ID: 1257a2b6c9d4
Revises: 1256c4e8a9b3
Create Date: 2026-12-06

"""

from alembic import op

revision = "1257a2b6c9d4"
down_revision = "1256c4e8a9b3"
branch_labels = None
depends_on = None

# table -> its searched text columns (app/search_index.py: TextIndex in each feature)
SEARCHED = {
    "pins": ("title", "description"),
    "stories": ("title", "body"),
    "ideas": ("title", "body"),
}

# The distinct pairs of neighbouring characters of a text: a two-character word is in the text
# exactly when it is one of them. IMMUTABLE, so that an index can hold its result.
BIGRAMS = """
CREATE FUNCTION text_bigrams(words text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT substr(words, i, 2)), '{}')
    FROM generate_series(1, length(words) - 1) AS i
$$
"""


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        return
    op.execute(BIGRAMS)
    for table, columns in SEARCHED.items():
        for column in columns:
            op.execute(
                f"CREATE INDEX ix_{table}_{column}_bigrams ON {table} "
                f"USING gin (text_bigrams(lower({column})))"
            )


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        return
    for table, columns in SEARCHED.items():
        for column in columns:
            op.execute(f"DROP INDEX IF EXISTS ix_{table}_{column}_bigrams")
    op.execute("DROP FUNCTION IF EXISTS text_bigrams(text)")
