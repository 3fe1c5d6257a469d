"""Backup and restore round trips on the database the suite runs on (SpatiaLite, or PostGIS
with TEST_DATABASE_URL), with a site of their own that commits for real.

On PostGIS the site connects as a role that is neither superuser nor owner of PostGIS, as a
production site does; the test cluster's superuser only sets that database up.
"""

from __future__ import annotations

import io
import json
import os
import re
import tarfile
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app import create_app
from app.backup.fingerprints import table_fingerprints
from app.config import normalise_database_url
from app.extensions import db
from tests.conftest import PROJECT_ROOT
from tests.factories import make_user

pytestmark = pytest.mark.own_app

SITE_ROLE = "hopemap_backup_site"
SITE_PASSWORD = "site-role-password"  # noqa: S105


def site_database_url(tmp_path: Path) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url or url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'site.sqlite'}"
    superuser = make_url(normalise_database_url(url))
    name = f"{superuser.database}_backup"
    admin = create_engine(superuser, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        if not connection.execute(
            text("SELECT 1 FROM pg_roles WHERE rolname = :role"), {"role": SITE_ROLE}
        ).scalar():
            connection.execute(
                text(f"CREATE ROLE {SITE_ROLE} LOGIN NOSUPERUSER PASSWORD '{SITE_PASSWORD}'")
            )
        connection.execute(text(f'CREATE DATABASE "{name}" OWNER {SITE_ROLE}'))
    admin.dispose()
    # As the README's set-up: a superuser creates PostGIS in the site's database, once.
    extension = create_engine(superuser.set(database=name), isolation_level="AUTOCOMMIT")
    with extension.connect() as connection:
        connection.execute(text("CREATE EXTENSION postgis"))
    extension.dispose()
    site = superuser.set(database=name, username=SITE_ROLE, password=SITE_PASSWORD)
    return site.render_as_string(hide_password=False)


@pytest.fixture
def site(tmp_path):
    """A migrated site with the demo data (photos included) and an extra upload in a folder."""
    app = create_app(
        "testing",
        overrides={
            "SQLALCHEMY_DATABASE_URI": site_database_url(tmp_path),
            "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        },
    )
    with app.app_context():
        upgrade(directory=str(PROJECT_ROOT / "migrations"))
        db.session.remove()
    loaded = app.test_cli_runner().invoke(args=["demo", "load"])
    assert loaded.exit_code == 0, loaded.output
    proposals = tmp_path / "uploads" / "proposals"
    proposals.mkdir(parents=True)
    (proposals / "plan.pdf").write_bytes(b"%PDF-1.4 a proposal's attachment\n")
    yield app
    with app.app_context():
        db.engine.dispose()


def state(app) -> dict[str, dict]:
    with app.app_context(), db.engine.connect() as connection:
        return table_fingerprints(connection, db.metadata)


def uploads(app) -> dict[str, bytes]:
    folder = Path(app.config["UPLOAD_FOLDER"])
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file()
    }


def run(app, *args: str, input: str | None = None):
    return app.test_cli_runner().invoke(args=["backup", *args], input=input)


def change_everything(app) -> None:
    """What happens on a site after a backup: edits, a moved need, a deletion, a new account,
    a new photo and a deleted one."""
    with app.app_context(), db.engine.begin() as connection:
        connection.execute(text("UPDATE stories SET title = 'Changed' WHERE id = 1"))
        connection.execute(
            text(
                "UPDATE pins SET location = ST_GeomFromText('POINT(127.1 37.6)', 4326) "
                "WHERE id = (SELECT min(id) FROM pins)"
            )
        )
        connection.execute(text("DELETE FROM idea_supports"))
    with app.app_context():
        make_user(email="late@example.org")
        db.session.commit()
    folder = Path(app.config["UPLOAD_FOLDER"])
    photo = next(path for path in folder.iterdir() if path.is_file())
    photo.unlink()
    (folder / "new-photo.jpg").write_bytes(b"written after the backup")


def test_a_backup_restores_every_table_and_upload_as_it_was(site, tmp_path):
    before, files_before = state(site), uploads(site)
    archive = tmp_path / "site.tar.gz"

    made = run(site, "create", "--output", str(archive))
    assert made.exit_code == 0, made.output
    assert oct(archive.stat().st_mode & 0o777) == "0o600"  # personal data: the owner's alone
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert manifest["database"]["kind"] == db_kind(site)
    assert manifest["database"]["tables"] == before
    assert sorted(manifest["files"]) == sorted(
        [manifest["database"]["file"]] + [f"uploads/{name}" for name in files_before]
    )
    assert before["pins"]["rows"] >= 300 and before["story_photos"]["rows"] >= 1

    change_everything(site)
    changed = state(site)
    assert {name for name in before if changed[name] != before[name]} >= {
        "stories",
        "pins",
        "idea_supports",
        "users",
    }

    restored = run(site, "restore", str(archive), "--yes")
    assert restored.exit_code == 0, restored.output
    assert state(site) == before
    assert uploads(site) == files_before
    set_aside = re.search(r"kept at (\S+);", restored.output).group(1)
    assert (Path(set_aside) / "new-photo.jpg").exists()  # the replaced folder, not lost
    with site.app_context():
        title = db.session.execute(text("SELECT title FROM stories WHERE id = 1")).scalar()
        late = db.session.execute(
            text("SELECT count(*) FROM users WHERE email = 'late@example.org'")
        ).scalar()
    assert title != "Changed" and late == 0


def db_kind(app) -> str:
    with app.app_context():
        return db.engine.dialect.name


def rewrite(archive: Path, target: Path, change) -> None:
    """A copy of the archive with one member's bytes changed by `change(name, data)`."""
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as copy:
        for member in source:
            data = change(member.name, source.extractfile(member).read())
            if data is None:
                continue
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))


def flip_byte(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :]


def edit_manifest(**database):
    def change(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        if "revision" in database:
            manifest["alembic_revision"] = database.pop("revision")
        manifest["database"].update(database)
        return json.dumps(manifest).encode()

    return change


TAMPERINGS = {
    "a photo changed": (
        lambda name, data: flip_byte(data) if name.startswith("uploads/") else data,
        "does not match its checksum",
    ),
    "the database copy changed": (
        lambda name, data: flip_byte(data) if name.startswith("database/") else data,
        "does not match its checksum",
    ),
    "an upload left out": (
        lambda name, data: None if name == "uploads/proposals/plan.pdf" else data,
        "lacks 1 files",
    ),
    "another kind of database": (edit_manifest(kind="oracle"), "holds a oracle database"),
    "a schema newer than the code": (
        edit_manifest(revision="ffffffffffff"),
        "unknown to this code",
    ),
}


@pytest.mark.parametrize("tampering", list(TAMPERINGS))
def test_a_damaged_or_foreign_archive_is_refused_before_anything_changes(site, tmp_path, tampering):
    archive, tampered = tmp_path / "good.tar.gz", tmp_path / "tampered.tar.gz"
    assert run(site, "create", "--output", str(archive)).exit_code == 0
    change_everything(site)
    before, files_before = state(site), uploads(site)
    change, message = TAMPERINGS[tampering]
    rewrite(archive, tampered, change)

    refused = run(site, "restore", str(tampered), "--yes")

    assert refused.exit_code != 0
    assert message in refused.output
    assert state(site) == before
    assert uploads(site) == files_before


def test_a_member_the_manifest_does_not_list_is_refused(site, tmp_path):
    archive, tampered = tmp_path / "good.tar.gz", tmp_path / "tampered.tar.gz"
    assert run(site, "create", "--output", str(archive)).exit_code == 0
    with tarfile.open(archive) as source:
        members = [(member, source.extractfile(member).read()) for member in source]
    with tarfile.open(tampered, "w:gz") as copy:
        for member, data in members:
            copy.addfile(member, io.BytesIO(data))
        extra = tarfile.TarInfo("uploads/../../escape.sh")
        extra.size = 3
        copy.addfile(extra, io.BytesIO(b"bad"))

    refused = run(site, "restore", str(tampered), "--yes")

    assert refused.exit_code != 0
    assert "which the manifest does not list" in refused.output
    assert not (tmp_path.parent / "escape.sh").exists()


def test_restore_asks_first_and_no_changes_nothing(site, tmp_path):
    archive = tmp_path / "site.tar.gz"
    assert run(site, "create", "--output", str(archive)).exit_code == 0
    change_everything(site)
    before, files_before = state(site), uploads(site)

    answered = run(site, "restore", str(archive), input="n\n")

    assert "Replace ALL data of" in answered.output
    assert "Nothing was changed." in answered.output
    assert state(site) == before and uploads(site) == files_before


def test_sqlite_backup_holds_what_is_still_in_the_wal_file(site, tmp_path):
    """The operator's loss: 181 acknowledged rows, some only in the -wal file. A plain copy of
    the main file misses them; the backup has every one."""
    if db_kind(site) != "sqlite":
        pytest.skip("SQLite's write-ahead log")
    import shutil

    import sqlean

    with site.app_context():
        live = Path(db.engine.url.database)
    writer = sqlean.connect(str(live), isolation_level=None)
    try:
        writer.execute("PRAGMA wal_autocheckpoint = 0")  # as between two checkpoints
        before = writer.execute("SELECT count(*) FROM departments").fetchone()[0]
        writer.execute("BEGIN")
        for number in range(181):
            writer.execute(
                "INSERT INTO departments (name_ko, is_active, created_at) "
                "VALUES (?, 1, '2026-12-06 00:00:00')",
                (f"부서 {number}",),
            )
        writer.execute("COMMIT")
        assert Path(f"{live}-wal").stat().st_size > 0
        plain = tmp_path / "plain-copy.sqlite"
        shutil.copyfile(live, plain)
        copied = sqlean.connect(str(plain))
        try:
            seen = copied.execute("SELECT count(*) FROM departments").fetchone()[0]
        except sqlean.OperationalError:  # the table itself may still be in the -wal file
            seen = 0
        finally:
            copied.close()
        assert seen < before + 181

        archive = tmp_path / "site.tar.gz"
        made = run(site, "create", "--output", str(archive))
        assert made.exit_code == 0, made.output
    finally:
        writer.close()
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
        backed_up = tmp_path / "backed-up"
        tar.extract("database/hopemap.sqlite", backed_up, filter="data")
    assert manifest["database"]["tables"]["departments"]["rows"] == before + 181
    copy = sqlean.connect(str(backed_up / "database" / "hopemap.sqlite"))
    assert copy.execute("SELECT count(*) FROM departments").fetchone()[0] == before + 181
    assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # a file on its own
    copy.close()


def test_postgis_restore_runs_as_a_role_that_is_not_a_superuser(site, tmp_path):
    if db_kind(site) != "postgresql":
        pytest.skip("PostGIS's ownership")
    archive = tmp_path / "site.tar.gz"
    assert run(site, "create", "--output", str(archive)).exit_code == 0
    with site.app_context(), db.engine.connect() as connection:
        superuser = connection.execute(
            text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        ).scalar()
        extension_before = connection.execute(
            text("SELECT extversion, extowner FROM pg_extension WHERE extname = 'postgis'")
        ).one()
    assert superuser is False

    restored = run(site, "restore", str(archive), "--yes")

    assert restored.exit_code == 0, restored.output
    with site.app_context(), db.engine.connect() as connection:
        extension_after = connection.execute(
            text("SELECT extversion, extowner FROM pg_extension WHERE extname = 'postgis'")
        ).one()
        owners = connection.execute(
            text("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'")
        ).scalars()
        assert set(owners) == {SITE_ROLE, extension_owner(connection, extension_after)}
    assert extension_after == extension_before


def extension_owner(connection, extension) -> str:
    """spatial_ref_sys stays the extension's (its owner's), as it was."""
    return connection.execute(
        text("SELECT rolname FROM pg_roles WHERE oid = :owner"), {"owner": extension.extowner}
    ).scalar()
