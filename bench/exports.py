"""Open data at city scale (issue 16, item 6): rows/s of an export stream, the snapshot's
build and first byte, pages while 8 downloads run, and `flask pins expire` before/after.

    .venv/bin/python bench/exports.py --database-url postgresql://…/hopemap_bench --pins 100000

PostGIS only (pins are loaded by COPY, bench/load.py); **the database is wiped**, so its name
must contain "bench". Figures are printed, nothing passes or fails. See bench/README.md.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import resource
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

import cells  # noqa: E402
import psycopg  # noqa: E402
import stages  # noqa: E402
from server import PROJECT_ROOT, Server, ServerConfig  # noqa: E402

SEOUL = "126.80,37.43,127.18,37.70"  # every bench pin: a filter, so the export streams


def make_app(database_url: str, folder: str):
    # Production refuses to start without the vault's keys: fresh ones for the run (the
    # gunicorn and expiry processes inherit this environment).
    if "VAULT_KEYS" not in os.environ:
        os.environ["VAULT_KEYS"] = "bench:" + base64.b64encode(secrets.token_bytes(32)).decode()
        os.environ["VAULT_INDEX_KEY"] = base64.b64encode(secrets.token_bytes(32)).decode()
    os.environ.update(
        HOPEMAP_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(48),
        DATABASE_URL=database_url,
        SITE_URL="http://127.0.0.1:8000",
        OPEN_DATA_FOLDER=folder,
    )
    from app import create_app

    return create_app()


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- in process ----------------------------------------------------------------------------------


def stream_rate(app, which: str, variant: str = "after", gzip_level: int | None = None) -> dict:
    """The whole city through the export's own generator, as a stream sends it ("before": the
    first round's ORM generator, kept in bench/exports_before.py), gzip-compressed at
    `gzip_level` as Flask-Compress would (zlib.compressobj per stream) when given."""
    from app.map import exports

    with app.test_request_context("/"):
        started = time.perf_counter()
        cpu_started = time.process_time()
        first = None
        size = 0
        rows = 0

        def counting(records):
            nonlocal rows
            for record in records:
                rows += 1
                yield record

        if variant == "before":
            import exports_before

            records = counting(exports_before.whole_city())
            chunks = (
                exports_before.csv_stream(exports_before.COLUMNS, records)
                if which == "csv"
                else exports_before.geojson_chunks(records)
            )
        else:
            rows_ = counting(exports._whole_city())
            chunks = exports.csv_chunks(rows_) if which == "csv" else exports.geojson_chunks(rows_)
        packer = (
            zlib.compressobj(gzip_level, zlib.DEFLATED, zlib.MAX_WBITS | 16)
            if gzip_level is not None
            else None
        )
        sent = 0
        for chunk in chunks:
            if first is None:
                first = time.perf_counter() - started
            data = chunk.encode("utf-8")
            size += len(data)
            if packer is not None:
                sent += len(packer.compress(data))
        if packer is not None:
            sent += len(packer.flush())
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
    return {
        "rows": rows,
        "seconds": round(seconds, 2),
        "cpu_s": round(cpu, 2),
        "rows_per_s": round(rows / seconds),
        "rows_per_cpu_s": round(rows / cpu),
        "first_chunk_s": round(first or 0, 3),
        "mb": round(size / 1e6, 1),
        **({"gzip_mb": round(sent / 1e6, 2)} if packer is not None else {}),
        "peak_rss_mb_so_far": round(peak_rss_mb()),
    }


def build_snapshots(app) -> dict:
    from app.snapshots import build, built, registered

    figures = {}
    with app.app_context():
        for snapshot in registered():
            started = time.perf_counter()
            build(snapshot)
            done = built(snapshot)
            figures[snapshot.name] = {
                "seconds": round(time.perf_counter() - started, 2),
                "gzip_mb": round((done.compressed_bytes if done else 0) / 1e6, 2),
            }
    return figures


# --- over HTTP (gunicorn 2 x 4) ---------------------------------------------------------------


def first_byte(port: int, path: str, encoding: str) -> tuple[float, int]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    connection.request("GET", path, headers={"Accept-Encoding": encoding})
    response = connection.getresponse()
    response.read(1)
    ttfb = time.perf_counter() - started
    total = 1 + len(response.read())
    connection.close()
    return ttfb, total


def page_latency(port: int, requests: int = 40) -> dict:
    seconds = []
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for _ in range(requests):
        started = time.perf_counter()
        connection.request("GET", "/")
        answer = connection.getresponse()
        answer.read()
        seconds.append(time.perf_counter() - started)
        if answer.status != 200:
            raise RuntimeError(f"GET / answered {answer.status}")
    connection.close()
    seconds.sort()
    return {
        "median_ms": round(statistics.median(seconds) * 1000, 1),
        "p95_ms": round(seconds[int(len(seconds) * 0.95) - 1] * 1000, 1),
    }


def while_downloading(port: int, path: str, clients: int = 8) -> dict:
    stop = threading.Event()
    statuses: dict[int, int] = {}
    lock = threading.Lock()

    def download() -> None:
        while not stop.is_set():
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
            connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
            response = connection.getresponse()
            while response.read(64 * 1024):
                if stop.is_set():
                    break
            with lock:
                statuses[response.status] = statuses.get(response.status, 0) + 1
            connection.close()
            if response.status == 503:
                time.sleep(1)  # as a client honouring Retry-After would, sooner

    threads = [threading.Thread(target=download, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(2)
    latency = page_latency(port)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    return {**latency, "download_answers": statuses}


# --- expiry, each in a process of its own (peak RSS) ---------------------------------------------


def expire_child(variant: str) -> None:
    app = make_app(os.environ["DATABASE_URL"], os.environ["OPEN_DATA_FOLDER"])
    from sqlalchemy import select

    from app.clock import utcnow
    from app.extensions import db
    from app.pins.models import Pin, PinKind, PinStatus
    from app.pins.tasks import expire_in_batches

    with app.app_context():
        started = time.perf_counter()
        if variant == "before":  # the code before this change: every due need at once
            due = db.session.scalars(
                select(Pin).where(
                    Pin.kind == PinKind.NEED,
                    Pin.status == PinStatus.OPEN,
                    Pin.expires_at <= utcnow(),
                )
            ).all()
            for pin in due:
                pin.status = PinStatus.EXPIRED
            db.session.flush()
            db.session.commit()
            count = len(due)
        else:
            count = expire_in_batches()
        seconds = time.perf_counter() - started
    print(
        json.dumps(
            {"expired": count, "seconds": round(seconds, 1), "peak_rss_mb": round(peak_rss_mb())}
        )
    )


def expiry(app, dsn: str, folder: str) -> dict:
    results = {}
    with psycopg.connect(dsn) as conn:
        due = conn.execute(
            "UPDATE pins SET expires_at = now() - interval '1 hour' "
            "WHERE kind = 'need' AND status = 'open' RETURNING id"
        ).fetchall()
        conn.execute(
            "CREATE TEMP TABLE due AS SELECT unnest(%s::int[]) AS id", ([r[0] for r in due],)
        )
        conn.commit()
        for variant in ("before", "after"):
            child = subprocess.run(
                [sys.executable, __file__, "--expire-child", variant],
                env={**os.environ, "OPEN_DATA_FOLDER": folder},
                capture_output=True,
                text=True,
                check=True,
                cwd=HERE,
            )
            figures = json.loads(child.stdout.strip().splitlines()[-1])
            figures["empty_cells"] = conn.execute(
                "SELECT (SELECT count(*) FROM pin_cells WHERE pins <= 0)"
                " + (SELECT count(*) FROM pin_cell_totals WHERE pins <= 0)"
            ).fetchone()[0]
            results[variant] = figures
            # Back to the same start for the next variant.
            conn.execute("UPDATE pins SET status = 'open' WHERE id IN (SELECT id FROM due)")
            conn.commit()
            cells.rebuild_cells_sql(conn)
            cells.rebuild_totals_app(app)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--pins", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--expire-child", choices=("before", "after"))
    parser.add_argument("--streams-only", action="store_true", help="load, streams, snapshots")
    parser.add_argument(
        "--before-root",
        help="a copy of the code before the change: its server is measured first, same data",
    )
    parser.add_argument("--skip-expiry", action="store_true")
    args = parser.parse_args()
    if args.expire_child:
        expire_child(args.expire_child)
        return 0
    if not args.database_url or "bench" not in args.database_url.rsplit("/", 1)[-1]:
        parser.error("--database-url of a database whose name contains 'bench' is required")
    args.python_rebuild_max = 0
    dsn = args.database_url.replace("postgresql+psycopg://", "postgresql://")
    folder = tempfile.mkdtemp(prefix="hopemap-open-data-")
    app = make_app(args.database_url, folder)
    figures: dict = {"pins": args.pins}
    figures["load"] = stages.load_stage(app, dsn, args.pins, args)
    # "after" first: peak RSS only grows, so its figure is its own.
    for variant in ("after", "before"):
        figures[f"stream_csv_{variant}"] = stream_rate(app, "csv", variant)
        figures[f"stream_geojson_{variant}"] = stream_rate(app, "geojson", variant)
    for level in (1, 6):
        figures[f"stream_csv_after_gzip{level}"] = stream_rate(app, "csv", "after", level)
    figures["snapshots"] = build_snapshots(app)
    print(json.dumps(figures, indent=1, default=str), flush=True)
    if args.streams_only:
        return 0

    os.environ["OPEN_DATA_FOLDER"] = folder  # app_environment copies os.environ
    runs: list[tuple[str, Path | None, dict[str, str]]] = [("after", None, {})]
    if args.before_root:
        runs.insert(0, ("before", Path(args.before_root), {}))
    # The cap at one stream per process: at most two of the eight downloads stream at once
    # (one per process), each process keeping three threads for pages.
    runs.append(("after_cap1", None, {"EXPORT_STREAMS_PER_PROCESS": "1"}))
    for variant, root, env in runs:
        http_run(args, folder, variant, root, env)
    if not args.skip_expiry:
        print(json.dumps({"expire": expiry(app, dsn, folder)}, indent=1), flush=True)
    return 0


def http_run(args, folder: str, variant: str, root: Path | None, env: dict[str, str]) -> None:
    log = Path(folder) / f"gunicorn-{variant}.log"
    server = Server(
        args.database_url, ServerConfig(), log, extra_env=env, root=root or PROJECT_ROOT
    )
    server.start(timeout=180)  # a busy shared machine: gunicorn may take long to import the app
    try:
        http_figures: dict = {}
        ttfb = [first_byte(server.port, "/export/pins.csv", "gzip") for _ in range(10)]
        http_figures["snapshot_first_byte_ms"] = round(
            statistics.median(t for t, _ in ttfb) * 1000, 1
        )
        http_figures["snapshot_gzip_bytes"] = ttfb[0][1]
        plain = first_byte(server.port, "/export/pins.csv", "identity")
        http_figures["snapshot_identity"] = {
            "first_byte_ms": round(plain[0] * 1000, 1),
            "bytes": plain[1],
        }
        started = time.perf_counter()
        streamed = first_byte(server.port, f"/export/pins.csv?bbox={SEOUL}", "gzip")
        http_figures["stream_over_http"] = {
            "first_byte_ms": round(streamed[0] * 1000, 1),
            "seconds": round(time.perf_counter() - started, 1),
            "gzip_bytes": streamed[1],
        }
        http_figures["home_idle"] = page_latency(server.port)
        http_figures["home_during_8_filtered"] = while_downloading(
            server.port, f"/export/pins.csv?bbox={SEOUL}"
        )
        http_figures["home_during_8_snapshot"] = while_downloading(server.port, "/export/pins.csv")
        print(json.dumps({f"http_{variant}": http_figures}, indent=1), flush=True)
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
