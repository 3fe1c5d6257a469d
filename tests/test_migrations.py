"""The migrations (which built this test database) match the models, on either database."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from geoalchemy2 import alembic_helpers

from app.extensions import db

SEARCH_INDEXES = ("_trgm", "_bigrams")


def include_object(obj, name, type_, reflected, compare_to):
    # As in migrations/env.py: the database's own tables are not ours to compare.
    if type_ == "table" and reflected and compare_to is None:
        return False
    # Trigram and character-pair search indexes exist on PostgreSQL only (SQLite searches an
    # FTS5 table): the migrations keep them, the models cannot declare an index for one database.
    if type_ == "index" and reflected and compare_to is None and name.endswith(SEARCH_INDEXES):
        return False
    return alembic_helpers.include_object(obj, name, type_, reflected, compare_to)


def test_models_and_migrations_agree(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": include_object, "compare_type": True}
        )
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_migrations_are_at_head(app):
    from alembic.script import ScriptDirectory

    config = app.extensions["migrate"].migrate.get_config()
    heads = ScriptDirectory.from_config(config).get_heads()
    with db.engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_heads()
    assert len(heads) == 1, "one line of migrations, no branches"
    assert set(current) == set(heads)
