"""PostGIS: pg_dump of the app's database, and a restore that the app's own role can run.

The dump and the manifest's fingerprints read one snapshot: the fingerprints are taken in a
REPEATABLE READ transaction whose snapshot pg_dump imports (`--snapshot`).

A plain `pg_restore` as a role that is not a superuser fails on PostGIS: it would recreate the
extension (owned by a superuser) and write the extension's `spatial_ref_sys`. So the restore
needs the extension to exist already (it does where the operator set the database up, see the
README), leaves out the extension's own entries and every owner and grant, and runs the dump's
SQL together with dropping the current tables in ONE transaction through psql: it either
replaces everything or changes nothing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from sqlalchemy import Connection, Engine, MetaData, text

from app.backup.errors import BackupError
from app.backup.fingerprints import TableFingerprint, table_fingerprints

# Entries of `pg_restore -l` that belong to PostGIS or to the database itself, not to the app.
NOT_THE_APPS = re.compile(
    r"^\d+; \d+ \d+ ("
    r"EXTENSION - |COMMENT - EXTENSION |SCHEMA - public |COMMENT - SCHEMA public "
    r"|TABLE DATA \S+ spatial_ref_sys "
    r")"
)
TABLE_ENTRY = re.compile(r"^\d+; \d+ \d+ TABLE (\S+) \S+ ")


# --- the client tools --------------------------------------------------------------------------


def server_major(connection: Connection) -> int:
    return int(connection.execute(text("SHOW server_version_num")).scalar_one()) // 10000


def client_tool(name: str, major: int) -> str:
    """The tool of the server's major version (Debian keeps each in its own folder), else the
    one on PATH when it is at least as new; a clear refusal otherwise."""
    candidates = [Path(f"/usr/lib/postgresql/{major}/bin/{name}"), shutil.which(name)]
    seen = []
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            found = tool_major(str(candidate))
            if found >= major:
                return str(candidate)
            seen.append(f"{candidate} is version {found}")
    raise BackupError(
        f"{name} of PostgreSQL {major} (or newer) is needed and was not found"
        + (f" ({'; '.join(seen)})" if seen else " on PATH")
        + f": install postgresql-client-{major}."
    )


def tool_major(path: str) -> int:
    output = subprocess.run([path, "--version"], capture_output=True, text=True, check=True)
    found = re.search(r"\) (\d+)", output.stdout)
    if not found:
        raise BackupError(f"Cannot tell the version of {path}: {output.stdout.strip()!r}")
    return int(found.group(1))


def libpq_arguments(engine: Engine) -> tuple[str, dict[str, str]]:
    """A connection URI for the tools, and an environment carrying the password (never argv)."""
    url = engine.url
    environment = dict(os.environ)
    if url.password:
        environment["PGPASSWORD"] = str(url.password)
    uri = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return uri, environment


def run(arguments: list[str], environment: dict[str, str], **kwargs) -> subprocess.CompletedProcess:
    finished = subprocess.run(arguments, env=environment, capture_output=True, **kwargs)
    if finished.returncode != 0:
        error = finished.stderr.decode(errors="replace").strip()
        raise BackupError(f"{Path(arguments[0]).name} failed: {error[-2000:]}")
    return finished


# --- backup ------------------------------------------------------------------------------------


def copy_database(
    engine: Engine, metadata: MetaData, target: Path
) -> tuple[str, dict[str, TableFingerprint], dict[str, str]]:
    """pg_dump (custom format) into `target`; the revision and fingerprints of the same state."""
    uri, environment = libpq_arguments(engine)
    with engine.connect() as connection:
        major = server_major(connection)
        server_version = connection.execute(text("SHOW server_version")).scalar_one()
    pg_dump = client_tool("pg_dump", major)
    reading = engine.connect().execution_options(isolation_level="REPEATABLE READ")
    with reading, reading.begin():
        snapshot = reading.execute(text("SELECT pg_export_snapshot()")).scalar_one()
        revision = reading.execute(text("SELECT version_num FROM alembic_version")).scalar()
        fingerprints = table_fingerprints(reading, metadata)
        run(
            [pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={target}", uri],
            environment,
        )
    if revision is None:
        raise BackupError("The database has no schema revision: run `flask db upgrade` first.")
    details = {"server_version": str(server_version), "pg_dump_major": str(tool_major(pg_dump))}
    return str(revision), fingerprints, details


# --- restore -----------------------------------------------------------------------------------


def check_restorable(engine: Engine) -> None:
    """PostGIS must be there already: a role that is not a superuser cannot create it."""
    with engine.connect() as connection:
        present = connection.execute(
            text("SELECT 1 FROM pg_extension WHERE extname = 'postgis'")
        ).scalar()
        if present:
            return
        try:
            with connection.begin():
                connection.execute(text("CREATE EXTENSION postgis"))
        except Exception as exc:
            raise BackupError(
                "The PostGIS extension is not in the target database and this role cannot "
                "create it. As a superuser: psql -d DATABASE -c 'CREATE EXTENSION postgis'"
            ) from exc


def restore_database(engine: Engine, dump: Path) -> None:
    """Replace the app's tables with the dump's, as the app's role, in one transaction."""
    uri, environment = libpq_arguments(engine)
    with engine.connect() as connection:
        major = server_major(connection)
    pg_restore, psql = client_tool("pg_restore", major), client_tool("psql", major)
    with tempfile.TemporaryDirectory(prefix="hopemap-restore-") as folder:
        entries = run([pg_restore, "--list", str(dump)], environment).stdout.decode()
        kept = [line for line in entries.splitlines() if not NOT_THE_APPS.match(line)]
        schemas = sorted({m.group(1) for line in kept if (m := TABLE_ENTRY.match(line))})
        entry_list = Path(folder) / "entries.list"
        entry_list.write_text("\n".join(kept) + "\n")
        script = run(
            [
                pg_restore,
                "--no-owner",
                "--no-privileges",
                f"--use-list={entry_list}",
                "--file=-",
                str(dump),
            ],
            environment,
        ).stdout
        engine.dispose()  # the app's pooled connections would hold locks on the old tables
        with engine.connect() as connection:
            drops = drop_statements(connection, schemas or ["public"])
        try:
            run_script(psql, uri, environment, drops.encode() + script)
        except BackupError as exc:
            raise BackupError(
                f"{exc}\nThe restore ran as one transaction: the database is as it was. "
                "A lock timeout means the site or a cron job is still connected: stop it first."
            ) from exc
    engine.dispose()


def run_script(psql: str, uri: str, environment: dict[str, str], script: bytes) -> None:
    run(
        [
            psql,
            "--no-psqlrc",
            "--quiet",
            "--single-transaction",
            "--set=ON_ERROR_STOP=1",
            f"--dbname={uri}",
        ],
        environment,
        input=script,
    )


def drop_statements(connection: Connection, schemas: list[str]) -> str:
    """DROP for every object of the app in these schemas (what a newer migration added too),
    leaving out the extension's own tables, views and functions."""
    relations = connection.execute(
        text(
            "SELECT c.relkind, format('%I.%I', n.nspname, c.relname) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = ANY(:schemas) AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') "
            "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass "
            "AND d.objid = c.oid AND d.deptype = 'e')"
        ),
        {"schemas": schemas},
    ).all()
    functions = connection.execute(
        text(
            "SELECT p.oid::regprocedure::text FROM pg_proc p "
            "JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = ANY(:schemas) "
            "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass "
            "AND d.objid = p.oid AND d.deptype = 'e')"
        ),
        {"schemas": schemas},
    ).scalars()
    kinds = {
        "v": "VIEW",
        "m": "MATERIALIZED VIEW",
        "r": "TABLE",
        "p": "TABLE",
        "f": "FOREIGN TABLE",
    }
    statements = [
        f"DROP {kinds[kind]} IF EXISTS {name} CASCADE;"
        for order in ("vmfrp")
        for kind, name in relations
        if kind == order
    ]
    statements += [
        f"DROP SEQUENCE IF EXISTS {name} CASCADE;" for kind, name in relations if kind == "S"
    ]
    statements += [f"DROP FUNCTION IF EXISTS {name} CASCADE;" for name in functions]
    # A site still running holds locks on its tables: fail clearly instead of waiting forever.
    prelude = "SET client_min_messages = warning;\nSET lock_timeout = '30s';\n"
    return prelude + "\n".join(statements) + "\n"
