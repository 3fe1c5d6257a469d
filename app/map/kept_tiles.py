"""Kept map tiles answered in front of Flask: no request context, no extension, no database.

A kept tile's answer is known before Flask starts: its version is in the process's copy of
the regions' versions (app.map.region_versions) and its body in the tile cache. Going through
Flask cost about 1.5 ms of hooks (the limiter's exemption check, Talisman's headers, Babel,
the URL map, Flask-Compress) for a few dictionary reads. This WSGI layer answers such a
request itself, with the headers Flask gave the last full answer for the same scheme (the
security headers as Talisman set them; the tile view's CSP has no nonce, so they hold for
every answer), and sends anything else through to Flask: a tile not kept, a copy of the
versions due for its check, HEAD, a path that is not a tile, a conditional request that does
not match. A body the cache keeps gzipped (COMPRESS_MIN_SIZE bytes or more: app.map.tiles.
kept_answer) goes as it is to a client that accepts gzip (Flask-Compress would choose the
same or Brotli/zstd; any is valid), and decompressed to one that does not.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qsl

from werkzeug.http import parse_etags

from app.map.region_versions import RegionVersions
from app.map.tiles import Tile, TileAnswer, TileCache, exists, tile_version

TILE_NUMBERS = re.compile(r"(\d{1,2})/(\d{1,7})/(\d{1,7})")
# What belongs to one answer, not to every tile answer.
PER_ANSWER = frozenset({"content-length", "content-encoding", "etag", "set-cookie", "date"})

Environ = dict[str, Any]
StartResponse = Callable[..., Any]
WsgiApp = Callable[[Environ, StartResponse], Iterable[bytes]]
KeyFor = Callable[[Tile, int, Iterable[tuple[str, str]]], str]


class KeptTiles:
    def __init__(
        self,
        flask_app: WsgiApp,
        *,
        prefix: str,
        versions: RegionVersions,
        cache: Callable[[], TileCache | None],
        key_for: KeyFor,
    ) -> None:
        self.flask_app = flask_app
        self.prefix = prefix
        self.versions = versions
        self.cache = cache  # read per request: a test (or an operator's hook) may swap it
        self.key_for = key_for
        # Learnt from Flask's own tile answers, per "secure or not" (HSTS goes with HTTPS).
        self.headers: dict[bool, list[tuple[str, str]]] = {}

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        path: str = environ.get("PATH_INFO", "")
        if not path.startswith(self.prefix):
            return self.flask_app(environ, start_response)
        secure = _secure(environ)
        headers = self.headers.get(secure)
        answer = None
        if headers is not None and environ.get("REQUEST_METHOD") == "GET":
            answer = self.kept(path[len(self.prefix) :], environ.get("QUERY_STRING", ""))
        if answer is None:
            return self.flask_app(environ, self._learning(secure, start_response))
        return self.answer(environ, start_response, answer, headers or [])

    def kept(self, numbers: str, query: str) -> TileAnswer | None:
        found = TILE_NUMBERS.fullmatch(numbers)
        # A query Werkzeug might decode differently (not ASCII) goes to Flask.
        if found is None or not query.isascii():
            return None
        zoom, x, y = (int(n) for n in found.groups())
        versions, cache = self.versions.peek(), self.cache()
        if versions is None or cache is None or not exists(zoom, x, y):
            return None
        where = Tile(zoom, x, y)
        # The first value of each argument, as Flask's request.args gives it.
        args: dict[str, str] = {}
        for name, value in parse_qsl(query, keep_blank_values=True, errors="replace"):
            args.setdefault(name, value)
        answer = cache.get(self.key_for(where, tile_version(versions, where), args.items()))
        if answer is None or (answer.fresh_until is not None and answer.fresh_until <= time.time()):
            return None
        return answer

    def answer(
        self,
        environ: Environ,
        start_response: StartResponse,
        answer: TileAnswer,
        headers: list[tuple[str, str]],
    ) -> Iterable[bytes]:
        asked = environ.get("HTTP_IF_NONE_MATCH")
        # Flask-Compress tags a compressed answer "<etag>:gzip": either form matches.
        if asked and answer.etag in {t.partition(":")[0] for t in parse_etags(asked).as_set()}:
            start_response("304 Not Modified", [*headers, ("ETag", f'"{answer.etag}"')])
            return []
        if answer.gzipped and _accepts_gzip(environ):
            body, etag, encoding = answer.body, f"{answer.etag}:gzip", "gzip"
        else:
            body, etag, encoding = answer.plain(), answer.etag, None
        extra = [("ETag", f'"{etag}"'), ("Content-Length", str(len(body)))]
        if encoding:
            extra.append(("Content-Encoding", encoding))
        start_response("200 OK", [*headers, *extra])
        return [body]

    def _learning(self, secure: bool, start_response: StartResponse) -> StartResponse:
        if secure in self.headers:
            return start_response

        def learn(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            if status.startswith("200"):
                self.headers[secure] = [(k, v) for k, v in headers if k.lower() not in PER_ANSWER]
            return start_response(status, headers, exc_info)

        return learn


def _secure(environ: Environ) -> bool:
    """What Talisman sends HSTS for: HTTPS, or a proxy that says so."""
    return (
        environ.get("wsgi.url_scheme") == "https"
        or environ.get("HTTP_X_FORWARDED_PROTO") == "https"
    )


def _accepts_gzip(environ: Environ) -> bool:
    for offer in environ.get("HTTP_ACCEPT_ENCODING", "").split(","):
        name, _, parameters = offer.partition(";")
        if name.strip().lower() in ("gzip", "*"):
            quality = parameters.strip().removeprefix("q=").strip()
            return not quality or _positive(quality)
    return False


def _positive(quality: str) -> bool:
    try:
        return float(quality) > 0
    except ValueError:
        return False
