"""bench/city.py beyond the pages: exports, the map trace against raw SQL, `flask pins expire`."""

from __future__ import annotations

import http.client
import math
import os
import random
import re
import subprocess
import threading
import time
import zlib
from pathlib import Path

import load
from measure import CpuWatch, children_of, concurrent_clients, concurrent_rounds, percentile
from server import GUNICORN, ApiClient, HttpClient, app_environment
from sql_mirror import SqlClient, capture_statements
from stages import database_name
from viewports import TILE_PX, Viewport, bbox_around, world_pixels

from app.config import PROJECT_ROOT

# --- exports ---------------------------------------------------------------------------------


def rss_kb(pid: int, field: str = "VmRSS") -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


class RssWatch:
    """Peak resident memory of the server (master and workers, summed), sampled every 50 ms."""

    def __init__(self, server_pid: int) -> None:
        self.server_pid, self.peak_kb, self._stop = server_pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            pids = [self.server_pid, *children_of(self.server_pid)]
            self.peak_kb = max(self.peak_kb, sum(rss_kb(pid) for pid in pids))
            self._stop.wait(0.05)

    def __enter__(self) -> RssWatch:
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._thread.join()


class RowCounter:
    """Records in a CSV (quoted line breaks inside a field do not count) or GeoJSON
    features, fed chunk by chunk."""

    def __init__(self, geojson: bool) -> None:
        self.geojson, self.count, self.quoted, self.tail = geojson, 0, False, b""

    def feed(self, data: bytes) -> None:
        if self.geojson:
            both = self.tail + data
            self.count += both.count(b'"Feature"') - self.tail.count(b'"Feature"')
            self.tail = data[-16:]
            return
        for piece in re.split(rb'("|\n)', data):
            if piece == b'"':
                self.quoted = not self.quoted
            elif piece == b"\n" and not self.quoted:
                self.count += 1

    def rows(self) -> int:
        return self.count if self.geojson else max(0, self.count - 1)  # less the header


def download(port: int, path: str, timeout: float, count_rows: bool = True) -> dict:
    """One whole download with `Accept-Encoding: gzip` (following redirects, e.g. to a
    snapshot file): seconds to the first body byte and to the last, bytes as sent, rows."""
    started = time.perf_counter()
    for _ in range(4):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
        response = connection.getresponse()
        if response.status in (301, 302, 303, 307, 308):
            path = response.getheader("Location", "").removeprefix("http://127.0.0.1:8000")
            response.read()
            connection.close()
            continue
        break
    gzipped = response.getheader("Content-Encoding") == "gzip"
    inflate = zlib.decompressobj(16 + zlib.MAX_WBITS) if gzipped else None
    first = None
    sent = 0
    counter = RowCounter(path.split("?")[0].endswith("json")) if count_rows else None
    while chunk := response.read1(65536):
        first = first or time.perf_counter()
        sent += len(chunk)
        if counter:
            counter.feed(inflate.decompress(chunk) if inflate else chunk)
    ended = time.perf_counter()
    connection.close()
    rows = counter.rows() if counter else 0
    return {
        "path": path,
        "status": response.status,
        "gzip": gzipped,
        "ttfb_s": (first or ended) - started,
        "ttlb_s": ended - started,
        "bytes": sent,
        "rows": rows,
        "rows_per_s": rows / (ended - started) if ended > started else 0.0,
    }


def exports(
    port: int, server_pid: int, paths: list[str], parallel: int, timeout: float, seconds: float
) -> dict:
    """Each export alone (with the server's peak RSS); then GET / timed back to back, first
    with nothing else running, then while `parallel` clients download over and over for
    `seconds`: the whole city's file (the snapshot), then a large filtered one (streamed)."""
    alone = []
    for path in paths:
        with RssWatch(server_pid) as watch:
            try:
                result = download(port, path, timeout)
            except OSError as error:  # a timeout too: recorded, the run goes on
                result = {"path": path, "error": repr(error)}
        alone.append(result | {"server_peak_rss_mb": watch.peak_kb / 1024})
    streamed = next((p for p in paths if "kind=" in p), paths[-1])
    return {
        "alone": alone,
        "idle": home_while(port, server_pid, None, parallel, seconds, timeout),
        "parallel": home_while(port, server_pid, paths[0], parallel, seconds, timeout),
        "parallel_streamed": home_while(port, server_pid, streamed, parallel, seconds, timeout),
    }


def home_while(
    port: int, server_pid: int, path: str | None, parallel: int, seconds: float, timeout: float
) -> dict:
    """GET / back to back for `seconds` while `parallel` clients download `path` again and
    again (none: the site idle). A download the cap refuses (503) waits its Retry-After, as a
    download tool would, and asks again."""
    stop = threading.Event()
    finished: list[dict] = []
    refused: list[int] = []

    def one() -> None:
        while not stop.is_set():
            try:
                result = download(port, path, timeout, count_rows=False)
            except OSError:
                continue
            if result["status"] == 503:
                refused.append(1)
                stop.wait(1.0)
            else:
                finished.append(result)

    threads = [threading.Thread(target=one, daemon=True) for _ in range(parallel if path else 0)]
    home, client = [], HttpClient(port)
    with RssWatch(server_pid) as watch:
        for thread in threads:
            thread.start()
        time.sleep(0.2 if path else 0)  # let the downloads begin
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                client.get("/")
            except OSError:  # no answer within the client's 30 s: counted as waited
                client = HttpClient(port)
            home.append(time.perf_counter() - started)
        stop.set()
        for thread in threads:
            thread.join(timeout)
    client.close()
    ordered = sorted(home)
    return {
        "downloads": parallel if path else 0,
        "path": path,
        "finished": len(finished),
        "refused_503": len(refused),
        "mb_sent": sum(r["bytes"] for r in finished) / 1e6,
        "slowest_ttlb_s": max((r["ttlb_s"] for r in finished), default=0),
        "server_peak_rss_mb": watch.peak_kb / 1024,
        "home_requests": len(home),
        "home_p50_ms": percentile(ordered, 0.5) * 1000,
        "home_p95_ms": percentile(ordered, 0.95) * 1000,
        "home_max_ms": (ordered[-1] if ordered else math.nan) * 1000,
    }


# --- the map trace ---------------------------------------------------------------------------


def tile_rule(app):
    """The tile endpoint another change adds (`/api/pins/tiles/…`), if this code has one,
    with its z/x/y argument names; else None (the trace then asks by bbox)."""
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/pins/tiles/") and "GET" in (rule.methods or ()):
            names = sorted(rule.arguments)
            z = next((a for a in names if a in ("z", "zoom")), None)
            if z and {"x", "y"} <= set(names) and len(names) == 3:
                return rule.endpoint, z
    return None


def trace_views(sessions: int, steps: int, seed: int) -> list[tuple[float, float, int]]:
    """(lon, lat, zoom) of `sessions` people panning and zooming (z11-17), most of them
    around the busy places, interleaved as their requests would reach the server."""
    rng = random.Random(seed)
    walks = []
    for _ in range(sessions):
        if rng.random() < 0.8:
            lon, lat, _w, sigma = rng.choices(load.HOT_SPOTS, [s[2] for s in load.HOT_SPOTS])[0]
            lon += rng.gauss(0, sigma) / (load.METRES_PER_DEGREE * math.cos(math.radians(lat)))
            lat += rng.gauss(0, sigma) / load.METRES_PER_DEGREE
        else:
            min_lon, min_lat, max_lon, max_lat = load.SEOUL_BOX
            lon, lat = rng.uniform(min_lon, max_lon), rng.uniform(min_lat, max_lat)
        zoom, walk = rng.choice((12, 13, 14, 14, 15, 15, 16)), []
        for _ in range(steps):
            walk.append((lon, lat, zoom))
            move = rng.random()
            if move < 0.6:  # pan by half a window or so
                angle, reach = rng.uniform(0, 2 * math.pi), rng.uniform(300, 700)
                west, south, east, north = bbox_around(lon, lat, zoom)
                lon += (east - west) * reach / 1280 * math.cos(angle)
                lat += (north - south) * reach / 800 * math.sin(angle)
            elif move < 0.8:
                zoom = min(17, zoom + 1)
            else:
                zoom = max(11, zoom - 1)
        walks.append(walk)
    return [view for step in zip(*walks, strict=True) for view in step]


def trace_paths(app, views: list[tuple[float, float, int]]) -> tuple[str, list[str]]:
    """The trace's URLs: tiles of the fixed grid covering each view when the endpoint
    exists (one request per tile, as a browser would ask), else the view's bbox."""
    found = tile_rule(app)
    if not found:
        return "bbox", [
            Viewport((lon, lat), z, bbox_around(lon, lat, z)).query() for lon, lat, z in views
        ]
    endpoint, z_name = found
    adapter = app.url_map.bind("localhost")
    paths = []
    for lon, lat, zoom in views:
        west, south, east, north = bbox_around(lon, lat, zoom)
        x0, y0 = (int(v // TILE_PX) for v in world_pixels(west, north, zoom))
        x1, y1 = (int(v // TILE_PX) for v in world_pixels(east, south, zoom))
        for x in range(x0, x1 + 1):
            for y in range(y0, y1 + 1):
                paths.append(adapter.build(endpoint, {z_name: zoom, "x": x, "y": y}))
    return "tiles", paths


def map_trace(app, port: int, server_pid: int, dsn: str | None, args) -> dict:
    """The trace through gunicorn against the same statements run raw on PostgreSQL, in
    alternating rounds; the ratio of their throughputs."""
    views = trace_views(args.trace_sessions, args.trace_steps, args.seed)
    mode, paths = trace_paths(app, views)
    database = database_name(dsn or "x/none")
    sides = {"http": (lambda: ApiClient(port, paths), CpuWatch(server_pid, database))}
    distinct = sorted(set(paths))
    if dsn:
        captured = dict(zip(distinct, capture_statements(app, distinct), strict=True))
        statements = [captured[path] for path in paths]
        sides["sql"] = (lambda: SqlClient(dsn, statements), CpuWatch(None, database))
    if args.trace_warmup:
        # "With the cache": the trace walked for a while first, so that the measured part
        # meets the tiles kept (each worker keeps its own in the embedded set-up).
        make_client, watch = sides["http"]
        concurrent_clients(make_client, len(paths), args.clients, args.trace_warmup, watch)
    figures = concurrent_rounds(sides, len(paths), args.clients, args.duration, args.rounds)
    out = {
        "mode": mode,
        "warmup_s": args.trace_warmup,
        "requests_in_trace": len(paths),
        "distinct_urls": len(distinct),
        **{f"{side}_throughput": t.as_dict() for side, t in figures.items()},
    }
    if "sql" in figures and figures["sql"].per_second:
        out["ratio"] = figures["http"].per_second / figures["sql"].per_second
    return out


# --- flask pins expire -----------------------------------------------------------------------


def expire_run(database_url: str, app, overdue: int, extra_env: dict[str, str]) -> dict:
    """`flask pins expire` as the daily job runs it, in its own process: wall time and peak
    memory (the child's maxrss), then the cluster cells it left at 0 pins."""
    import city_load

    made = city_load.make_needs_overdue(app, overdue)
    env = app_environment(database_url, extra_env)
    flask = GUNICORN.with_name("flask")
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(flask), "--app", "wsgi", "pins", "expire"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    output = process.stdout.read().decode(errors="replace").strip() if process.stdout else ""
    empty = None
    from sqlalchemy import text

    from app.extensions import db

    with app.app_context():
        if "pin_cells" in db.metadata.tables:
            empty = db.session.scalar(text("SELECT count(*) FROM pin_cells WHERE pins = 0"))
        db.session.remove()
    return {
        "overdue_needs": made,
        "seconds": seconds,
        "peak_rss_mb": usage.ru_maxrss / 1024,
        "exit_status": os.waitstatus_to_exitcode(status),
        "output": output[-500:],
        "empty_cells_after": empty,
    }
