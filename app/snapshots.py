"""Open-data snapshots: the whole-city export files, built by a job and served as files.

Streaming every public pin for each download costs a database read and a Python loop per row,
and at city scale a few downloads would hold every worker for a minute each. So the unfiltered
files are built ahead of time: nightly (a periodic job), after a bulk change (the needs' expiry
calls `rebuild_soon()`), and by `flask exports rebuild`. A feature registers each file it
offers with `register(Snapshot(...))`, giving the same chunks its streamed export sends, so the
snapshot holds exactly what the stream would (and the same privacy).

Each file is kept gzip-compressed only (`<name>.gz` under OPEN_DATA_FOLDER), written to a
temporary file and renamed over the old one, so a reader sees the old file or the new one,
never half of one. A client that accepts gzip (every browser, curl --compressed, pandas) gets
the file as it is, by `send_file` (conditional: ETag, Last-Modified, Range; a front server can
take it over with X-Sendfile/X-Accel-Redirect); any other gets it decompressed on the fly.
Keeping one copy halves the disk and keeps the two from ever disagreeing.

Before the first snapshot exists, the request gets a "being prepared" page (503 with
Retry-After) and a build is enqueued, once: a marker file stops every later request from
enqueueing it again while it waits.
"""

from __future__ import annotations

import gzip
import logging
import os
import tempfile
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from flask import Response, current_app, request, send_file, stream_with_context
from flask_babel import gettext as _
from huey import crontab

from app.error_pages import render_error
from app.jobs import job, job_queue, periodic

logger = logging.getLogger(__name__)

READ_BYTES = 256 * 1024
# A build enqueued this long ago that has not replaced its marker is taken as lost (a worker
# stopped): the next request enqueues another.
MARKER_SECONDS = 15 * 60
RETRY_AFTER_SECONDS = 120


@dataclass(frozen=True)
class Snapshot:
    name: str  # the file's name under OPEN_DATA_FOLDER, without ".gz": "pins.csv"
    download_name: str  # what the visitor's browser saves it as
    mimetype: str
    chunks: Callable[[], Iterable[str]]  # the whole file, as the streamed export sends it


@dataclass(frozen=True)
class SnapshotFile:
    """What the open-data page says of a built snapshot."""

    built_at: datetime
    compressed_bytes: int


_SNAPSHOTS: dict[str, Snapshot] = {}


def register(snapshot: Snapshot) -> Snapshot:
    _SNAPSHOTS[snapshot.name] = snapshot
    return snapshot


def registered() -> list[Snapshot]:
    return list(_SNAPSHOTS.values())


def _folder() -> Path:
    return Path(current_app.config["OPEN_DATA_FOLDER"])


def path_of(snapshot: Snapshot) -> Path:
    return _folder() / f"{snapshot.name}.gz"


def _marker_of(snapshot: Snapshot) -> Path:
    return _folder() / f".{snapshot.name}.queued"


# --- building -----------------------------------------------------------------------------------


def build(snapshot: Snapshot) -> Path:
    """Write the snapshot whole to a temporary file beside it, then rename it into place."""
    folder = _folder()
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{snapshot.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as raw:
            # mtime=0: the same rows give the same bytes (and the same ETag's worth of content).
            with gzip.GzipFile(snapshot.name, "wb", compresslevel=6, fileobj=raw, mtime=0) as out:
                for chunk in snapshot.chunks():
                    out.write(chunk.encode("utf-8"))
            raw.flush()
            os.fsync(raw.fileno())
        os.chmod(temporary, 0o644)
        final = path_of(snapshot)
        os.replace(temporary, final)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    finally:
        _marker_of(snapshot).unlink(missing_ok=True)
    return final


def rebuild_all() -> list[Path]:
    return [build(snapshot) for snapshot in registered()]


@job()
def build_snapshots(names: list[str]) -> None:
    for name in names:
        if name in _SNAPSHOTS:
            build(_SNAPSHOTS[name])


# 03:20 in Seoul (the schedule is in UTC): after the night's expiry and retention runs.
@periodic(crontab(hour="18", minute="20"))
def rebuild_snapshots_nightly() -> None:
    rebuild_all()


def rebuild_soon() -> None:
    """Enqueue a rebuild of every snapshot now: after a bulk change already committed (the
    needs' expiry, an import). A single change of one pin waits for the night."""
    try:
        job_queue().enqueue(build_snapshots.name, [s.name for s in registered()])
    except Exception:
        # The queue's storage is down: the change is saved, the nightly run catches up.
        logger.exception("Could not enqueue the open-data snapshots' rebuild")


def _enqueue_first_build(snapshot: Snapshot) -> None:
    marker = _marker_of(snapshot)
    marker.parent.mkdir(parents=True, exist_ok=True)
    try:
        if time.time() - marker.stat().st_mtime < MARKER_SECONDS:
            return  # already waiting in the queue
        marker.unlink(missing_ok=True)
    except FileNotFoundError:
        pass
    try:
        # Created only if absent: of two requests at once, one enqueues.
        os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
    except FileExistsError:
        return
    job_queue().enqueue(build_snapshots.name, [snapshot.name])


# --- serving ------------------------------------------------------------------------------------


def built(snapshot: Snapshot) -> SnapshotFile | None:
    try:
        stat = path_of(snapshot).stat()
    except FileNotFoundError:
        return None
    return SnapshotFile(datetime.fromtimestamp(stat.st_mtime, UTC), stat.st_size)


def built_by_name(name: str) -> SnapshotFile | None:
    snapshot = _SNAPSHOTS.get(name)
    return built(snapshot) if snapshot else None


def serve(snapshot: Snapshot, cache_seconds: int) -> Response | tuple:
    path = path_of(snapshot)
    if not path.exists():
        _enqueue_first_build(snapshot)
        page, status = render_error(
            503,
            _(
                "This file is being prepared. Please try again in a few minutes; "
                "the filtered downloads work meanwhile."
            ),
        )
        response = current_app.make_response((page, status))
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response.headers["Cache-Control"] = "no-store"
        return response
    if request.accept_encodings["gzip"]:
        response = send_file(
            path,
            mimetype=snapshot.mimetype,
            as_attachment=True,
            download_name=snapshot.download_name,
            conditional=True,
            etag=True,
            max_age=cache_seconds,
        )
        # The file is the gzip coding of the data, not a .gz to save: browsers unpack it.
        response.headers["Content-Encoding"] = "gzip"
    else:
        response = Response(stream_with_context(_decompressed(path)), mimetype=snapshot.mimetype)
        response.headers["Content-Disposition"] = f'attachment; filename="{snapshot.download_name}"'
        response.last_modified = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        response.cache_control.max_age = cache_seconds
    response.cache_control.public = True
    response.vary.add("Accept-Encoding")
    return response


def _decompressed(path: Path) -> Iterator[bytes]:
    # Opened here: a rebuild renaming a new file into place meanwhile leaves this one readable.
    with path.open("rb") as raw:
        unpacker = zlib.decompressobj(zlib.MAX_WBITS | 16)
        while block := raw.read(READ_BYTES):
            yield unpacker.decompress(block)
        yield unpacker.flush()
