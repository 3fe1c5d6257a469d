"""The city-scale benchmark of issue 16: every main page, the exports, the map trace, expiry.

Loads the city's volumes (1M pins, 100k ideas with supports and comments, 10k stories, 200k
users, 500k notifications with one reader holding 2,000, 50 contests with 2,000 proposals,
25 gu and 400 dong, categories, organisations) times --scale, then measures whatever code is
checked out: each main page in-process (Flask's test client, with statements per request) and
under gunicorn (2 workers x 4 threads), beside the 100 ms goal; each export (time to first and
last byte, bytes, rows/s, the server's peak RSS) and GET / while 8 exports download; the map
trace through the API against its own SQL run raw in the same run; `flask pins expire` over
the overdue needs. Prints tables; writes bench/results/city-<UTC timestamp>.json. See
bench/README.md.

    pg_virtualenv -t -v 15 sh -c 'createdb hopemap_bench && .venv/bin/python bench/city.py \\
        --scale 0.01 --database-url "postgresql://$PGUSER:$PGPASSWORD@$PGHOST:$PGPORT/hopemap_bench"'
    .venv/bin/python bench/city.py --database-url sqlite:////tmp/city_bench.sqlite --scale 0.1

THE DATABASE IS WIPED: its name must contain "bench". On SQLite the volumes are a tenth
(100k pins at --scale 1) and the trace has no raw-SQL side.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH_DIR.parent), str(BENCH_DIR)]
os.environ.setdefault("SPATIALITE_LIBRARY_PATH", "mod_spatialite")

import city_extras  # noqa: E402
import city_load  # noqa: E402
import city_pages  # noqa: E402
import load  # noqa: E402
from exports import build_snapshots  # noqa: E402
from freshness import measure_freshness  # noqa: E402
from ideas_pages import Counters  # noqa: E402
from server import Server, ServerConfig  # noqa: E402
from stages import database_name, log  # noqa: E402

from app import create_app  # noqa: E402
from app.config import ProductionConfig, normalise_database_url  # noqa: E402
from app.extensions import db  # noqa: E402

RESULTS_DIR = BENCH_DIR / "results"
GOAL_MS = 100.0
PARTS = ("pages", "http", "exports", "trace", "expire")


def parse_arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add = parser.add_argument
    add("--database-url", required=True, help="PostGIS or SpatiaLite database to WIPE")
    add("--scale", type=float, default=0.01, help="share of the city's volumes (1 = issue 16)")
    add("--seed", type=int, default=20261206)
    add("--requests", type=int, default=20, help="timed requests per page (in-process, HTTP)")
    add("--warmup", type=int, default=2, help="untimed rounds of every page first")
    add("--next-hops", type=int, default=5, help="rel=next links followed from /pins")
    add("--workers", type=int, default=2, help="gunicorn workers")
    add("--threads", type=int, default=4, help="gunicorn threads per worker")
    add("--parallel-exports", type=int, default=8, help="downloads at once beside GET /")
    add("--export-timeout", type=float, default=600.0, help="seconds before a download gives up")
    add("--trace-warmup", type=float, default=0.0, help="seconds of the trace before measuring")
    add("--parallel-seconds", type=float, default=10.0, help="seconds of GET / beside downloads")
    add("--trace-sessions", type=int, default=200, help="people panning and zooming")
    add("--trace-steps", type=int, default=10, help="views per person")
    add("--clients", type=int, default=16, help="concurrent clients for the trace")
    add("--duration", type=float, default=10.0, help="seconds per side of the trace")
    add("--rounds", type=int, default=5, help="alternating slices of the trace's sides")
    add("--skip", nargs="*", default=[], choices=PARTS, help="parts not to run")
    add("--no-load", action="store_true", help="measure what is loaded (with the same --scale)")
    args = parser.parse_args(argv)
    if "bench" not in database_name(args.database_url):
        parser.error("refusing to wipe a database whose name does not contain 'bench'")
    return args


def export_paths(app) -> list[str]:
    """Whole-city exports first (the first is the one downloaded 8 times at once), then one
    filtered by category and gu."""
    from sqlalchemy import text

    with app.app_context():
        food = db.session.scalar(text("SELECT id FROM categories WHERE slug = 'food'"))
        db.session.remove()
    return [
        "/export/pins.csv",
        "/export/pins.geojson",
        "/ideas/export.csv",
        f"/export/pins.csv?category={food}&area={load.CENTRAL_GU_CODE}",
        # Filtered, so streamed (not the snapshot), and large: a stream's own rows per second.
        "/export/pins.csv?kind=offer",
        "/export/pins.geojson?kind=offer",
        "/ideas/export.csv?sort=supported",
    ]


def pages_table(result: dict) -> str:
    inproc, http = result.get("pages", {}), result.get("http", {})
    names = list(inproc or http)
    lines = [
        f"{'page':34} {'in-process p50/p95':>20} {'HTTP p50/p95':>16} {'queries':>7} "
        f"{'KB':>7}  goal p95 <= {GOAL_MS:.0f} ms"
    ]
    for name in names:
        a, b = inproc.get(name, {}), http.get(name, {})
        worst = max(a.get("p95_ms", 0), b.get("p95_ms", 0))
        cell = lambda f: f"{f['p50_ms']:.1f} / {f['p95_ms']:.1f}" if f else "-"  # noqa: E731
        lines.append(
            f"{name:34} {cell(a):>20} {cell(b):>16} {a.get('queries', float('nan')):7.0f} "
            f"{(a or b).get('mean_size', 0) / 1000:7.1f}  {'✓' if worst <= GOAL_MS else '✗'}"
        )
    return "\n".join(lines)


def extras_lines(result: dict) -> list[str]:
    lines = [
        f"snapshot {name}: built in {f['seconds']:.1f} s, {f['gzip_mb']:.1f} MB gzip"
        for name, f in result.get("snapshots", {}).items()
    ]
    for e in result.get("exports", {}).get("alone", []):
        if "error" in e:
            lines.append(f"export {e['path']}: {e['error']}")
            continue
        lines.append(
            f"export {e['path']}: first byte {e['ttfb_s']:.2f} s, last {e['ttlb_s']:.2f} s, "
            f"{e['bytes'] / 1e6:.1f} MB{' gzip' if e['gzip'] else ''}, {e['rows']:,} rows, "
            f"{e['rows_per_s']:,.0f} rows/s, server peak RSS {e['server_peak_rss_mb']:.0f} MB"
        )
    for part in ("idle", "parallel", "parallel_streamed"):
        if not (p := result.get("exports", {}).get(part)):
            continue
        downloads = (
            f"{p['downloads']} clients downloading {p['path']} again and again: "
            f"{p['finished']} downloads ({p['mb_sent']:.0f} MB), {p['refused_503']} refused "
            f"(503), slowest {p['slowest_ttlb_s']:.1f} s, server peak RSS "
            f"{p['server_peak_rss_mb']:.0f} MB; "
            if p["path"]
            else "nothing downloading: "
        )
        lines.append(
            f"{downloads}GET / ({p['home_requests']}): p50 {p['home_p50_ms']:.1f} ms, p95 "
            f"{p['home_p95_ms']:.1f} ms, max {p['home_max_ms']:.0f} ms"
        )
    if f := result.get("tile_freshness"):
        lines.append(
            f"a new need in its kept zoom-12 tile: worst {f['max_s']:.3f} s, median "
            f"{f['median_s']:.3f} s of {f['repeats']} (goal <= 1 s)"
        )
    if t := result.get("trace"):
        sql = t.get("sql_throughput", {}).get("per_second")
        lines.append(
            f"map trace ({t['mode']}, {t['requests_in_trace']:,} requests, "
            f"{t['distinct_urls']:,} distinct, after {t.get('warmup_s', 0):.0f} s of warm-up): "
            f"API {t['http_throughput']['per_second']:.0f} req/s"
            + (f", raw SQL {sql:.0f} req/s, ratio {t['ratio']:.2f} (goal >= 0.6)" if sql else "")
        )
    if x := result.get("expire"):
        lines.append(
            f"flask pins expire: {x['overdue_needs']:,} overdue needs in {x['seconds']:.1f} s, "
            f"peak RSS {x['peak_rss_mb']:.0f} MB, exit {x['exit_status']}, "
            f"{x['empty_cells_after']} cluster cells at 0 pins after ({x['output']!r})"
        )
    return lines


KEPT_FIGURES = (
    "HOME_FIGURES_CACHE_SECONDS",
    "IDEA_FIGURES_CACHE_SECONDS",
    "AREA_FIGURES_CACHE_SECONDS",
)


def main(argv=None) -> int:
    args = parse_arguments(argv)
    url = normalise_database_url(args.database_url)
    postgresql = url.startswith("postgresql")
    dsn = url.replace("postgresql+psycopg://", "postgresql://") if postgresql else None
    # The testing profile keeps no figures (its tests roll rows back); in-process pages are
    # timed with production's, so both columns measure the same site.
    kept = {name: getattr(ProductionConfig, name) for name in KEPT_FIGURES}
    overrides = {"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False, **kept}
    app = create_app("testing", overrides=overrides)
    volumes = city_load.volumes(args.scale, "postgresql" if postgresql else "sqlite")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    RESULTS_DIR.mkdir(exist_ok=True)
    output = RESULTS_DIR / f"city-{stamp}.json"
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, cwd=BENCH_DIR).stdout.strip()  # fmt: skip
    run: dict = {
        "started": stamp,
        "arguments": vars(args) | {"database_url": url.rpartition("@")[2]},
        "volumes": asdict(volumes),
        "commit": commit,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "loadavg_at_start": os.getloadavg(),
    }

    def save() -> None:
        output.write_text(json.dumps(run, indent=2, default=str))

    if not args.no_load:
        log(f"loading {volumes}")
        run["load"] = city_load.load_city(app, volumes, args.seed)
        log(f"loaded: {json.dumps(run['load'], default=str)}")
        save()
    with app.app_context():
        counters = Counters(db.engine)
    pages = city_pages.main_pages(app, args.scale, args.next_hops)
    run["paths"] = {page.name: page.path for page in pages}
    if "pages" not in args.skip:
        log(f"in-process: {len(pages)} pages x {args.requests}")
        run["pages"] = city_pages.in_process(app, pages, args.requests, args.warmup, counters)
        save()
    # The server and `flask pins expire` read what the loader sealed: the same vault keys.
    keys = {name: app.config[name] for name in ("VAULT_KEYS", "VAULT_INDEX_KEY")}
    folder = None
    if "exports" not in args.skip:
        # The whole-city files are the job's snapshots: built first (timed, as the nightly job
        # builds them), in a folder the server then serves them from.
        folder = tempfile.mkdtemp(prefix="city-open-data-")
        app.config["OPEN_DATA_FOLDER"] = folder
        keys["OPEN_DATA_FOLDER"] = folder
        log("building the open-data snapshots")
        run["snapshots"] = build_snapshots(app)
        log(f"snapshots: {run['snapshots']}")
        save()
    log_path = RESULTS_DIR / f"city-{stamp}.log"
    server = Server(url, ServerConfig(args.workers, args.threads), log_path, extra_env=keys)
    if {"http", "exports", "trace"} - set(args.skip):
        server.start()
        run["server"] = server.config.describe()
    try:
        if "http" not in args.skip:
            log(f"HTTP: {len(pages)} pages x {args.requests}")
            run["http"] = city_pages.over_http(server.port, pages, args.requests, args.warmup)
            save()
        if "exports" not in args.skip:
            log("exports")
            run["exports"] = city_extras.exports(
                server.port, server.pid, export_paths(app), args.parallel_exports,
                args.export_timeout, args.parallel_seconds,
            )  # fmt: skip
            save()
        if "trace" not in args.skip:
            log("map trace")
            run["trace"] = city_extras.map_trace(app, server.port, server.pid, dsn, args)
            save()
            log("freshness of the kept tiles")
            run["tile_freshness"] = measure_freshness(app, server.port, tiles=True)
            save()
    finally:
        server.stop()
    if "expire" not in args.skip:  # last: it changes the data
        log(f"flask pins expire over {volumes.overdue_needs:,} overdue needs")
        run["expire"] = city_extras.expire_run(url, app, volumes.overdue_needs, keys)
    run["loadavg_at_end"] = os.getloadavg()
    save()
    print(f"\nCity at scale {args.scale} ({volumes}), {run.get('server', '')}, commit {commit}")
    print(city_pages_table := pages_table(run))
    run["table"] = city_pages_table
    for line in extras_lines(run):
        print(line)
    save()
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"results: {output.relative_to(BENCH_DIR.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
