"""manifest.json: what an archive holds, and the checksums a restore checks first.

An archive is a tar (gzip) of `manifest.json`, the database copy under `database/` and the
uploads under `uploads/`. The manifest lists every other member with its size and sha256, so a
member that was changed, cut short, added or left out is found before anything is restored.
The checksums find damage, not a forger: whoever can rewrite the archive can rewrite the
manifest too, which is one more reason to keep archives where only operators can write.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import IO, Any

from app.backup.errors import BackupError
from app.backup.fingerprints import TableFingerprint

FORMAT = "hope-community-map-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
DATABASE_DIR = "database"
UPLOADS_DIR = "uploads"
CHUNK = 1024 * 1024


@dataclass
class FileEntry:
    sha256: str
    size: int


@dataclass
class Manifest:
    created_at: str
    alembic_revision: str
    database_kind: str  # "sqlite" or "postgresql"
    database_file: str  # the member holding the database copy
    tables: dict[str, TableFingerprint]
    files: dict[str, FileEntry] = field(default_factory=dict)
    database_details: dict[str, str] = field(default_factory=dict)  # server and tool versions

    def to_json(self) -> bytes:
        document = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": self.created_at,
            "alembic_revision": self.alembic_revision,
            "database": {
                "kind": self.database_kind,
                "file": self.database_file,
                **self.database_details,
                "tables": self.tables,
            },
            "files": {
                name: {"sha256": entry.sha256, "size": entry.size}
                for name, entry in sorted(self.files.items())
            },
        }
        return json.dumps(document, indent=2, ensure_ascii=False).encode() + b"\n"

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        try:
            document = json.loads(data)
            if document.get("format") != FORMAT:
                raise BackupError("This is not a Hope Community Map backup (manifest format).")
            if document.get("format_version") != FORMAT_VERSION:
                raise BackupError(
                    f"Backup format version {document.get('format_version')} is not one this "
                    f"code reads ({FORMAT_VERSION}): restore it with the version that made it."
                )
            database: dict[str, Any] = dict(document["database"])
            manifest = cls(
                created_at=document["created_at"],
                alembic_revision=document["alembic_revision"],
                database_kind=database.pop("kind"),
                database_file=database.pop("file"),
                tables=database.pop("tables"),
                files={
                    name: FileEntry(sha256=entry["sha256"], size=int(entry["size"]))
                    for name, entry in document["files"].items()
                },
                database_details={key: str(value) for key, value in database.items()},
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise BackupError(f"The archive's manifest is unreadable: {exc!r}") from exc
        for name in [manifest.database_file, *manifest.files]:
            check_member_name(name)
        if manifest.database_file not in manifest.files:
            raise BackupError("The manifest lists no checksum for the database copy.")
        return manifest

    def upload_names(self) -> list[str]:
        prefix = UPLOADS_DIR + "/"
        return sorted(name for name in self.files if name.startswith(prefix))


def check_member_name(name: str) -> None:
    """Only plain relative paths under database/ or uploads/: nothing lands outside them."""
    path = PurePosixPath(name)
    if (
        path.is_absolute()
        or ".." in path.parts
        or len(path.parts) < 2
        or path.parts[0] not in (DATABASE_DIR, UPLOADS_DIR)
        or "\\" in name
    ):
        raise BackupError(f"The archive names a file outside its folders: {name!r}")


def digest_of(stream: IO[bytes]) -> FileEntry:
    digest = hashlib.sha256()
    size = 0
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return FileEntry(sha256=digest.hexdigest(), size=size)
