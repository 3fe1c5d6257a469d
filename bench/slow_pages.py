"""The pages issue 16's first round left over 100 ms p95, timed in-process with their
statements: /pins (page 1 and its two unindexed orders), /ideas?sort=supported, /ideas,
/staff/ideas and home (whose statement count grew with the rows).

THE DATABASE IS WIPED unless --no-load: its name must contain "bench".

    .venv/bin/python bench/slow_pages.py --database-url postgresql://…/hopemap_bench --scale 0.1
    .venv/bin/python bench/slow_pages.py --database-url … --scale 0.1 --no-load   # after a change

Loads the city as bench/city.py does (bench/city_load.py), brings the schema to the newest
migration (so a second run with --no-load measures a checkout with new indexes on the same
data), then prints p50 / p95 and statements per request, and with --explain the plan of every
statement one request of each page sends. Passes or fails nothing.
"""

from __future__ import annotations

import argparse
import contextvars
import os
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))
sys.path.insert(0, str(BENCH_DIR))

import city_load  # noqa: E402
import city_pages  # noqa: E402
import load  # noqa: E402
from city_pages import ANONYMOUS, STAFF, Page  # noqa: E402
from ideas_pages import Counters  # noqa: E402
from sqlalchemy import event, text  # noqa: E402
from stages import database_name, log  # noqa: E402

from app import create_app  # noqa: E402
from app.config import normalise_database_url  # noqa: E402
from app.extensions import db  # noqa: E402


def pages_to_time(app) -> list[Page]:
    with app.app_context():
        food = db.session.scalar(text("SELECT id FROM categories WHERE slug = 'food'"))
        db.session.remove()
    return [
        Page("home", ANONYMOUS, "/"),
        Page("/pins page 1", ANONYMOUS, "/pins"),
        Page(
            "/pins category+area", ANONYMOUS, f"/pins?category={food}&area={load.CENTRAL_GU_CODE}"
        ),
        Page("/pins?sort=expiring", ANONYMOUS, "/pins?sort=expiring"),
        Page("/pins?sort=expiring p20", ANONYMOUS, "/pins?sort=expiring&page=20"),
        Page("/pins?sort=category", ANONYMOUS, "/pins?sort=category"),
        Page("/pins?sort=category p20", ANONYMOUS, "/pins?sort=category&page=20"),
        Page("/ideas", ANONYMOUS, "/ideas"),
        Page("/ideas?sort=supported", ANONYMOUS, "/ideas?sort=supported"),
        Page("/ideas?sort=supported p20", ANONYMOUS, "/ideas?sort=supported&page=20"),
        Page("/staff/ideas (staff)", STAFF, "/staff/ideas"),
    ]


def explain(app, pages: list[Page]) -> None:
    """EXPLAIN ANALYZE of each statement one request of each page sends (PostgreSQL)."""
    clients = city_pages.test_clients(app)
    with app.app_context():
        engine = db.engine
    seen: list[tuple[str, object]] = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", keep)
    try:
        for page in pages:
            seen.clear()
            contextvars.Context().run(clients[page.role].get, page.path)
            statements = list(seen)
            print(f"\n=== {page.name}: {len(statements)} SELECTs")
            with engine.connect() as conn:
                for statement, parameters in statements:
                    raw = conn.connection.dbapi_connection.cursor()
                    raw.execute("EXPLAIN (ANALYZE, BUFFERS OFF) " + statement, parameters)
                    plan = [row[0] for row in raw.fetchall()]
                    print(f"-- {plan[-1].strip()}  {' '.join(statement.split())[:160]}")
                    if float(plan[-1].split()[2]) > 5.0:  # slower than 5 ms: the whole plan
                        print("\n".join("   " + line for line in plan))
    finally:
        event.remove(engine, "before_cursor_execute", keep)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=20261206)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--no-load", action="store_true")
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args(argv)
    if "bench" not in database_name(args.database_url):
        parser.error("refusing to wipe a database whose name does not contain 'bench'")
    url = normalise_database_url(args.database_url)
    # The caches as production has them (the testing settings switch them off).
    production_caches = {"HOME_FIGURES_CACHE_SECONDS": 60, "IDEA_FIGURES_CACHE_SECONDS": 300}
    overrides = {"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False}
    app = create_app("testing", overrides=overrides | production_caches)
    if not args.no_load:
        volumes = city_load.volumes(
            args.scale, "postgresql" if url.startswith("postgresql") else "sqlite"
        )
        log(f"loading {volumes}")
        log(f"loaded: {city_load.load_city(app, volumes, args.seed)}")
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        counters = Counters(db.engine)
    pages = pages_to_time(app)
    log(f"load average {os.getloadavg()}")
    figures = city_pages.in_process(app, pages, args.requests, args.warmup, counters)
    print(f"{'page':30} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for name, f in figures.items():
        print(f"{name:30} {f['p50_ms']:8.1f} {f['p95_ms']:8.1f} {f['queries']:8.1f}")
    log(f"load average {os.getloadavg()}")
    if args.explain:
        explain(app, pages)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
