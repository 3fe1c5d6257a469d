"""Alembic environment: one set of migrations for PostGIS and SpatiaLite.

GeoAlchemy2's helpers render and run spatial columns and indexes the right way on each
database; tables that SpatiaLite or PostGIS keep for themselves are never touched.
"""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app
from geoalchemy2 import alembic_helpers

config = context.config
# Keep the loggers the application already has (Alembic's default would silence them, and
# migrating inside a running process, as the tests do, would then hide the app's warnings).
fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

db = current_app.extensions["migrate"].db
config.set_main_option(
    "sqlalchemy.url", db.engine.url.render_as_string(hide_password=False).replace("%", "%%")
)


SEARCH_INDEXES = ("_trgm", "_bigrams")


def include_object(obj, name, type_, reflected, compare_to):
    # A reflected table our models do not define belongs to the database itself
    # (SpatiaLite's geometry_columns, SpatialIndex, KNN…, PostGIS's spatial_ref_sys).
    if type_ == "table" and reflected and compare_to is None:
        return False
    # Trigram and character-pair search indexes exist on PostgreSQL only (SQLite searches an
    # FTS5 table): the migrations keep them, the models cannot declare an index for one database.
    if type_ == "index" and reflected and compare_to is None and name.endswith(SEARCH_INDEXES):
        return False
    return alembic_helpers.include_object(obj, name, type_, reflected, compare_to)


def render_item(type_, obj, autogen_context):
    # Our UTCDateTime is plain DateTime(timezone=True) in the database: keep the app's
    # types out of migration files so that they never import the app.
    from app.dbtypes import UTCDateTime

    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return alembic_helpers.render_item(type_, obj, autogen_context)


def process_revision_directives(context_, revision, directives):
    if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []  # no schema change: write no empty migration
        logger.info("No changes in schema detected.")
        return
    alembic_helpers.writer(context_, revision, directives)


COMMON = {
    "target_metadata": db.metadata,
    "include_object": include_object,
    "process_revision_directives": process_revision_directives,
    "render_item": render_item,
    "compare_type": True,
}


def run_migrations_offline():
    context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True, **COMMON)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    with db.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS postgis")
            connection.commit()
        context.configure(
            connection=connection,
            render_as_batch=connection.dialect.name == "sqlite",
            **COMMON,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
