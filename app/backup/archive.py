"""Making and restoring an archive: the database copy, the uploads and the manifest.

Create: copy the database first (one consistent state), then the uploads. Photos are written
once under new names and never changed, so copying them while the site runs is safe; one
deleted between the two steps is simply missing from the archive.

Restore: read the whole archive and check every checksum and the manifest's promises (database
kind, a schema revision this code knows) before anything changes; then the database, then the
uploads; then recompute every table's count and checksum and compare with the manifest.
"""

from __future__ import annotations

import io
import os
import shutil
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from alembic.script import ScriptDirectory
from alembic.script.revision import RevisionError
from alembic.util import CommandError
from flask import current_app
from sqlalchemy import Connection, Engine, MetaData, func, select, table

from app.backup import postgres_copy, sqlite_copy
from app.backup.errors import BackupError
from app.backup.fingerprints import TableFingerprint, table_fingerprints
from app.backup.manifest import (
    DATABASE_DIR,
    MANIFEST_NAME,
    UPLOADS_DIR,
    FileEntry,
    Manifest,
    check_member_name,
    digest_of,
)


@dataclass
class RestoreReport:
    manifest: Manifest
    uploads_set_aside: Path | None  # where the uploads folder before the restore now is
    upgrade_needed: bool  # the archive's schema is older than the code's


def database_kind(engine: Engine) -> str:
    kind = engine.dialect.name
    if kind not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {kind}.")
    return kind


def create_backup(engine: Engine, metadata: MetaData, uploads: Path, output: Path) -> Manifest:
    """Write the archive to `output` (readable by its owner only) and return its manifest."""
    kind = database_kind(engine)
    if output.exists():
        raise BackupError(f"{output} exists already; name a new file.")
    if not output.parent.is_dir():
        raise BackupError(f"{output.parent} is not a folder: create it first.")
    with tempfile.TemporaryDirectory(prefix="hopemap-backup-", dir=output.parent) as folder:
        copy = Path(folder) / ("hopemap.sqlite" if kind == "sqlite" else "hopemap.pgdump")
        details: dict[str, str] = {}
        if kind == "sqlite":
            sqlite_copy.copy_database(engine, copy)
            revision, tables = sqlite_copy.read_copy(copy, metadata)
        else:
            revision, tables, details = postgres_copy.copy_database(engine, metadata, copy)
        member = f"{DATABASE_DIR}/{copy.name}"
        manifest = Manifest(
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            alembic_revision=revision,
            database_kind=kind,
            database_file=member,
            tables=tables,
            database_details=details,
        )
        partial = output.with_name(output.name + ".partial")
        # Personal data: the archive is its owner's alone from the first byte.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                manifest.files[member] = add_file(tar, copy, member)
                for path, name in upload_files(uploads):
                    try:
                        manifest.files[name] = add_file(tar, path, name)
                    except FileNotFoundError:
                        continue  # deleted since it was listed: the database copy predates it
                add_bytes(tar, MANIFEST_NAME, manifest.to_json())
            partial.rename(output)
        finally:
            partial.unlink(missing_ok=True)
    return manifest


def upload_files(uploads: Path) -> list[tuple[Path, str]]:
    if not uploads.is_dir():
        return []
    found = []
    for path in sorted(uploads.rglob("*")):
        if path.is_file() and not path.is_symlink():
            found.append((path, f"{UPLOADS_DIR}/{path.relative_to(uploads).as_posix()}"))
    return found


def add_file(tar: tarfile.TarFile, path: Path, name: str) -> FileEntry:
    """One file into the archive; its checksum is of the very bytes written."""
    with open(path, "rb") as source:
        entry = digest_of(source)
        source.seek(0)
        info = tarfile.TarInfo(name)
        info.size = entry.size
        status = path.stat()
        info.mtime = int(status.st_mtime)
        # The file's own mode, so the site's user can read a restored photo as before; the
        # archive itself is the operator's alone.
        info.mode = status.st_mode & 0o777
        tar.addfile(info, source)
    return entry


def add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now(UTC).timestamp())
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


# --- restore -----------------------------------------------------------------------------------


def read_manifest(archive: Path) -> Manifest:
    try:
        with tarfile.open(archive, mode="r:*") as tar:
            member = tar.extractfile(MANIFEST_NAME)
            if member is None:
                raise BackupError("The archive's manifest.json is not a file.")
            return Manifest.from_json(member.read())
    except KeyError as exc:
        raise BackupError(f"{archive} has no manifest.json: not a backup of this site.") from exc
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(f"{archive} cannot be read as a backup archive: {exc}") from exc


def verify_archive(archive: Path, manifest: Manifest) -> None:
    """Every member has exactly the size and sha256 the manifest gives; none more, none less."""
    seen: set[str] = set()
    try:
        with tarfile.open(archive, mode="r:*") as tar:
            for member in tar:
                if member.name == MANIFEST_NAME:
                    continue
                if member.name not in manifest.files or not member.isfile():
                    raise BackupError(
                        f"The archive holds {member.name!r}, which the manifest does not list."
                    )
                stream = tar.extractfile(member)
                assert stream is not None  # a regular file, checked above
                if digest_of(stream) != manifest.files[member.name]:
                    raise BackupError(
                        f"{member.name} in the archive does not match its checksum: the archive "
                        "is damaged or was changed. Nothing was restored."
                    )
                seen.add(member.name)
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(f"{archive} is damaged ({exc}). Nothing was restored.") from exc
    missing = sorted(set(manifest.files) - seen)
    if missing:
        raise BackupError(
            f"The archive lacks {len(missing)} files of its manifest, e.g. {missing[0]}."
        )


def check_compatible(manifest: Manifest, engine: Engine, scripts: ScriptDirectory) -> bool:
    """Refuse another database kind or a schema newer than the code; True when the restored
    database will need `flask db upgrade`."""
    kind = database_kind(engine)
    if manifest.database_kind != kind:
        raise BackupError(
            f"This archive holds a {manifest.database_kind} database and the site uses {kind}: "
            "restore it into a site configured for the same kind of database."
        )
    try:
        known = scripts.get_revision(manifest.alembic_revision)
    except (CommandError, RevisionError):  # unknown, or a prefix of several
        known = None
    if known is None:
        raise BackupError(
            f"The archive's schema revision {manifest.alembic_revision} is unknown to this code "
            "(it was made by a newer version): deploy that version first, then restore."
        )
    return manifest.alembic_revision not in scripts.get_heads()


def restore_backup(
    engine: Engine,
    metadata: MetaData,
    uploads: Path,
    archive: Path,
    scripts: ScriptDirectory,
    confirm: Callable[[Manifest], bool],
) -> RestoreReport | None:
    """Check everything, ask, replace the database and uploads, check the tables again.
    None when `confirm` said no (nothing changed)."""
    manifest = read_manifest(archive)
    upgrade_needed = check_compatible(manifest, engine, scripts)
    verify_archive(archive, manifest)
    if manifest.database_kind == "postgresql":
        postgres_copy.check_restorable(engine)
    if not confirm(manifest):
        return None
    uploads.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="hopemap-restore-", dir=uploads.parent) as folder:
        staging = Path(folder)
        extract(archive, manifest, staging)
        copy = staging / manifest.database_file
        if manifest.database_kind == "sqlite":
            sqlite_copy.restore_database(engine, copy)
        else:
            postgres_copy.restore_database(engine, copy)
        set_aside = replace_uploads(uploads, staging / UPLOADS_DIR)
    with engine.connect() as connection, connection.begin():
        if upgrade_needed:
            # The code's models describe a newer schema than the restored one: count rows only.
            compare_row_counts(manifest, row_counts(connection, list(manifest.tables)))
        else:
            compare_tables(manifest, table_fingerprints(connection, metadata))
    return RestoreReport(manifest, set_aside, upgrade_needed)


def extract(archive: Path, manifest: Manifest, staging: Path) -> None:
    (staging / UPLOADS_DIR).mkdir()
    with tarfile.open(archive, mode="r:*") as tar:
        for member in tar:
            if member.name == MANIFEST_NAME:
                continue
            check_member_name(member.name)
            # "data": plain files only, inside `staging` (Python's own extraction filter).
            tar.extract(member, staging, filter="data")
            extracted = staging / member.name
            with open(extracted, "rb") as written:
                if digest_of(written) != manifest.files[member.name]:
                    raise BackupError(f"{member.name} changed while it was restored: stopped.")


def replace_uploads(uploads: Path, restored: Path) -> Path | None:
    """Swap in the archive's uploads; the folder they replace is kept beside it, renamed."""
    set_aside = None
    if uploads.exists():
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        set_aside = uploads.with_name(f"{uploads.name}.before-restore-{stamp}")
        uploads.rename(set_aside)
    shutil.move(restored, uploads)
    return set_aside


def compare_tables(manifest: Manifest, restored: dict[str, TableFingerprint]) -> None:
    differing = [
        name
        for name in sorted(set(manifest.tables) | set(restored))
        if manifest.tables.get(name) != restored.get(name)
    ]
    if differing:
        raise BackupError(
            "The restored database differs from the archive's manifest in "
            f"{len(differing)} tables ({', '.join(differing[:5])}): do not open the site; "
            "restore again or investigate."
        )


def row_counts(connection: Connection, names: list[str]) -> dict[str, int]:
    return {
        name: connection.scalar(select(func.count()).select_from(table(name))) or 0
        for name in names
    }


def compare_row_counts(manifest: Manifest, restored: dict[str, int]) -> None:
    differing = [name for name, count in restored.items() if manifest.tables[name]["rows"] != count]
    if differing:
        raise BackupError(
            f"The restored database's row counts differ from the manifest in {len(differing)} "
            f"tables ({', '.join(differing[:5])}): do not open the site; investigate."
        )


def alembic_scripts() -> ScriptDirectory:
    config = current_app.extensions["migrate"].migrate.get_config()
    return ScriptDirectory.from_config(config)
