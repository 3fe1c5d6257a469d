"""A cap on the downloads a server process streams at once, so that pages stay served.

A filtered open-data file is streamed from the database for as long as the client reads it: a
minute or more for a large one on a slow line, holding one of the process's few threads
(app.serving: e.g. 4) the whole time. Eight such downloads would hold every thread of a
two-process server and every page would wait. So each process streams at most
EXPORT_STREAMS_PER_PROCESS files at once; one more gets a 503 with Retry-After at once (a
download tool retries) instead of a thread. The cap is per process on purpose: what it protects
is that process's threads, which no other process's count says anything about.

The whole-city files are snapshots sent as files (app.snapshots), outside this cap.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from flask import Response, current_app
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from app.error_pages import render_error

RETRY_AFTER_SECONDS = 30

_lock = threading.Lock()
_streaming = 0


def streaming_now() -> int:
    return _streaming


def _take() -> bool:
    global _streaming
    with _lock:
        if _streaming >= current_app.config["EXPORT_STREAMS_PER_PROCESS"]:
            return False
        _streaming += 1
        return True


def _give_back() -> None:
    global _streaming
    with _lock:
        _streaming = max(0, _streaming - 1)


def capped(build: Callable[[], ResponseReturnValue]) -> Response:
    """The streamed response `build()` makes, holding a slot until the server closes
    it (the last byte sent, or the client gone); a 503 when every slot is taken."""
    if not _take():
        return busy()
    try:
        response = current_app.make_response(build())
    except BaseException:
        _give_back()
        raise
    if response.is_streamed:
        response.call_on_close(_give_back)
    else:
        _give_back()  # answered whole (a refusal of its filters): nothing left to hold
    return response


def busy() -> Response:
    page = render_error(
        503,
        _(
            "Too many downloads are running right now. Please try again in a minute, or "
            "download the unfiltered file."
        ),
    )
    response = current_app.make_response(page)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response.headers["Cache-Control"] = "no-store"
    return response
