"""Benchmark of GET /api/pins on PostGIS: latency, throughput, payload size and freshness.

For each N: wipe and migrate the bench database, load N deterministic pins, rebuild the
cluster counts, then measure the endpoint under gunicorn against the same statements run
straight in SQL; then the latencies again with the proposed indexes, and a SQL-only variant.
Prints a table per N (figures beside the goals) and writes everything to
bench/results/<timestamp>.json. Bounded: fixed request counts and durations, loopback only.
See bench/README.md.

    .venv/bin/python bench/pins_api.py \\
        --database-url postgresql://postgres@127.0.0.1:5433/hopemap_bench \\
        --pins 10000 100000 1000000

THE DATABASE IS WIPED (schema `public` dropped): its name must contain "bench".
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH_DIR.parent), str(BENCH_DIR)]

import psycopg  # noqa: E402

RESULTS_DIR = BENCH_DIR / "results"


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter
    )
    add = parser.add_argument
    add(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL"),
        help="PostGIS database to WIPE and fill (its name must contain 'bench')",
    )
    add("--pins", type=int, nargs="+", default=[10_000, 100_000], help="the N to load, in turn")
    add("--seed", type=int, default=20240501)
    add("--requests", type=int, default=300, help="timed requests per zoom, one client")
    add("--warmup", type=int, default=40, help="untimed requests per zoom first")
    add("--inprocess-requests", type=int, default=100)
    add("--clients", type=int, default=16, help="concurrent clients for throughput")
    add("--duration", type=float, default=10.0, help="seconds per throughput run")
    add("--rounds", type=int, default=5, help="alternating slices per throughput run")
    add(
        "--variant-duration",
        type=float,
        default=5.0,
        help="seconds per throughput run of the SQL-only variants",
    )
    add("--workers", type=int, default=2, help="gunicorn workers")
    add("--threads", type=int, default=4, help="gunicorn threads per worker")
    add("--worker-class", default="gthread")
    add(
        "--python-rebuild-max",
        type=int,
        default=100_000,
        help="up to this N, also time the app's rebuild_cells and check the SQL rebuild "
        "gives identical cells",
    )
    add("--freshness-repeats", type=int, default=5)
    add("--no-variants", action="store_true", help="skip the proposed-index and SQL variants")
    add(
        "--no-load",
        action="store_true",
        help="measure the pins already in the database (one N: its count)",
    )
    add(
        "--profile",
        action="store_true",
        help="cProfile the view in-process; the top functions go to the JSON",
    )
    args = parser.parse_args(argv)
    if not args.database_url:
        parser.error("--database-url (or BENCH_DATABASE_URL) is required")
    if "bench" not in args.database_url.rsplit("/", 1)[-1]:
        parser.error("refusing to wipe a database whose name does not contain 'bench'")
    return args


def make_app(database_url: str):
    """The app as gunicorn runs it (production profile), for loading and freshness."""
    os.environ.update(
        HOPEMAP_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(48),
        DATABASE_URL=database_url,
        SITE_URL="http://127.0.0.1:8000",  # production refuses to start without one
    )
    from app import create_app

    return create_app()


def environment(dsn: str) -> dict:
    with psycopg.connect(dsn, autocommit=True) as conn:
        settings = {
            name: conn.execute(f"SHOW {name}").fetchone()[0]
            for name in (
                "server_version",
                "shared_buffers",
                "work_mem",
                "effective_cache_size",
                "random_page_cost",
                "jit",
            )
        }
        settings["postgis"] = conn.execute("SELECT postgis_lib_version()").fetchone()[0]
    return {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "machine": platform.platform(),
        "loadavg_at_start": os.getloadavg(),
        "postgres": settings,
    }


def run_one(app, dsn: str, n: int, args) -> dict:
    import report
    import stages

    if args.no_load:
        result: dict = {"load": "skipped (--no-load)"}
    else:
        stages.log(f"=== {n:,} pins: load")
        result = {"load": stages.load_stage(app, dsn, n, args)}
        stages.log(f"loaded: {json.dumps(result['load'], default=str)}")
    result["loadavg_before"] = os.getloadavg()
    measured, statements = stages.measure_stage(app, dsn, args, RESULTS_DIR)
    result.update(measured)
    result["verdicts"] = report.verdicts(result)
    print(f"\nN = {n:,} pins, the app as it is ({result.get('server', '')})")
    print(report.table(result), flush=True)
    if statements and not args.no_variants:
        variant = stages.variant_stage(app, dsn, args, RESULTS_DIR, statements)
        variant["verdicts"] = report.verdicts(variant)
        result["with_proposed_indexes"] = variant
        print(f"\nN = {n:,} pins, with the proposed indexes (no code change)")
        print(report.table(variant))
        print(report.variant_lines(variant), flush=True)
    print()
    return result


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    dsn = args.database_url.replace("postgresql+psycopg://", "postgresql://")
    app = make_app(args.database_url)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    RESULTS_DIR.mkdir(exist_ok=True)
    output = RESULTS_DIR / f"{stamp}.json"
    run = {
        "started": stamp,
        "arguments": vars(args) | {"database_url": "(given)"},
        "environment": environment(dsn),
        "results": {},
    }
    sizes = args.pins
    if args.no_load:
        with psycopg.connect(dsn) as conn:
            sizes = [conn.execute("SELECT count(*) FROM pins").fetchone()[0]]
    for n in sizes:
        started = time.perf_counter()
        result = run_one(app, dsn, n, args)
        result["seconds"] = time.perf_counter() - started
        run["results"][str(n)] = result
        output.write_text(json.dumps(run, indent=2, default=str))
    import report

    print("Summary (✗ = goal missed; Markdown, as in bench/README.md):")
    print(report.summary_markdown(run))
    run["seconds"] = sum(r["seconds"] for r in run["results"].values())
    output.write_text(json.dumps(run, indent=2, default=str))
    print(f"results: {output.relative_to(BENCH_DIR.parent)} ({run['seconds']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
