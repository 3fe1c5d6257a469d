"""The map by tile on a realistic trace: the API's throughput against its own SQL, run raw.

Wipes and migrates the bench database, loads N pins (bench/load.py's generator, the SQL cell
rebuild), then builds a trace: SESSIONS readers, each starting at a popular place (half near
the busy districts, bench/viewports.py) at a zoom from 11 to 17 and taking STEPS steps (pan by
half a view, or zoom in or out); each view asks for the tiles covering it with map.js's 10 %
margin, and each session asks for a tile once (map.js keeps answers for the page's life).

Then, in the same run, 16 clients for the same time each, in alternating slices:
- `sql`: the statements each tile request sends (captured once in-process from the app with
  no tile cache: the tile's query, and the regions' versions check when one is due, as
  app.map.region_versions keeps them in memory), replayed through psycopg on
  autocommit connections, every row fetched;
- `api, no cache`: gunicorn (2 × 4 threads) with MAP_TILE_CACHE=off;
- `api, cache`: gunicorn with the in-process tile cache (each worker its own, starting empty).
Prints requests/s, p50/p95 and the ratio to `sql`. Nothing passes or fails: read the figures.

    .venv/bin/python bench/map_tiles.py --database-url postgresql://…/hopemap_bench --pins 100000

THE DATABASE IS WIPED (schema `public` dropped): its name must contain "bench".
"""

from __future__ import annotations

import argparse
import base64
import math
import os
import random
import secrets
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH_DIR.parent), str(BENCH_DIR)]

ZOOMS = range(11, 18)
MARGIN = 0.1  # map.js's MARGIN: a tenth of the view on each side


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add = parser.add_argument
    add("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    add("--pins", type=int, default=100_000)
    add("--seed", type=int, default=20240501)
    add("--sessions", type=int, default=200)
    add("--steps", type=int, default=20, help="moves per session")
    add("--clients", type=int, default=16)
    add("--duration", type=float, default=20.0, help="seconds per side in all")
    add("--rounds", type=int, default=4, help="alternating slices")
    add("--python-rebuild-max", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not args.database_url:
        parser.error("--database-url (or BENCH_DATABASE_URL) is required")
    if "bench" not in args.database_url.rsplit("/", 1)[-1]:
        parser.error("refusing to wipe a database whose name does not contain 'bench'")
    return args


def trace(sessions: int, steps: int, seed: int) -> list[str]:
    """Tile paths in the order the sessions ask for them (sessions one after another)."""
    from viewports import bbox_around, centres, lon_lat, world_pixels

    from app.map.tiles import tiles_covering

    rng = random.Random(seed)
    paths: list[str] = []
    for lon, lat in centres(sessions, seed=seed):
        zoom = rng.choice(list(ZOOMS))
        seen: set[tuple[int, int, int]] = set()
        for _ in range(steps):
            west, south, east, north = bbox_around(lon, lat, zoom)
            dx, dy = (east - west) * MARGIN, (north - south) * MARGIN
            for tile in tiles_covering((west - dx, south - dy, east + dx, north + dy), zoom):
                if tile not in seen:
                    seen.add(tile)
                    paths.append(f"/api/pins/tiles/{tile[0]}/{tile[1]}/{tile[2]}")
            move = rng.random()
            if move < 0.6:  # pan by half a view
                px, py = world_pixels(lon, lat, zoom)
                angle = rng.uniform(0, 2 * math.pi)
                lon, lat = lon_lat(px + 640 * math.cos(angle), py + 400 * math.sin(angle), zoom)
            elif move < 0.8:
                zoom = min(ZOOMS[-1], zoom + 1)
            else:
                zoom = max(ZOOMS[0], zoom - 1)
    return paths


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    os.environ["MAP_TILE_CACHE"] = "off"  # the in-process app: capture a miss's statements
    # The production profile refuses to start without the vault's keys: fresh ones per run
    # (the bench database is wiped; nothing sealed outlives it).
    os.environ.setdefault("VAULT_KEYS", "k1:" + base64.b64encode(secrets.token_bytes(32)).decode())
    os.environ.setdefault("VAULT_INDEX_KEY", base64.b64encode(secrets.token_bytes(32)).decode())
    import psycopg
    from measure import CpuWatch, concurrent_rounds
    from pins_api import make_app
    from server import ApiClient, Server, ServerConfig
    from sql_mirror import SqlClient, capture_statements
    from stages import load_stage

    dsn = args.database_url.replace("postgresql+psycopg://", "postgresql://")
    database = dsn.rsplit("/", 1)[-1].split("?")[0]
    app = make_app(args.database_url)
    started = time.perf_counter()
    load = load_stage(app, dsn, args.pins, args)
    print(f"loaded {args.pins:,} pins in {time.perf_counter() - started:.0f} s", flush=True)
    paths = trace(args.sessions, args.steps, args.seed)
    distinct = sorted(set(paths))
    print(f"trace: {len(paths):,} tile requests, {len(distinct):,} distinct", flush=True)
    captured = dict(zip(distinct, capture_statements(app, distinct), strict=True))
    statements = [captured[path] for path in paths]
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE) map_region_versions")

    results = {}
    logs = BENCH_DIR / "results"
    logs.mkdir(exist_ok=True)
    for label, cache in (("api, no cache", "off"), ("api, cache", "")):
        os.environ["MAP_TILE_CACHE"] = cache
        server = Server(args.database_url, ServerConfig(), logs / "map_tiles_gunicorn.log")
        server.start()
        try:
            sides = {
                "sql": (lambda: SqlClient(dsn, statements), CpuWatch(None, database)),
                label: (
                    lambda port=server.port: ApiClient(port, paths),
                    CpuWatch(server.pid, database),
                ),
            }
            measured = concurrent_rounds(
                sides, len(paths), args.clients, args.duration, args.rounds
            )
        finally:
            server.stop()
        results[f"sql (beside {label})"] = measured["sql"]
        results[label] = measured[label]
    print(f"\n{args.pins:,} pins, {args.clients} clients, {args.duration:.0f} s a side")
    print(f"{'side':<26}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}{'ratio':>8}")
    for label in ("api, no cache", "api, cache"):
        sql = results[f"sql (beside {label})"]
        for name, figures in ((f"sql (beside {label})", sql), (label, results[label])):
            ratio = figures.per_second / sql.per_second
            print(
                f"{name:<26}{figures.per_second:>9.0f}{figures.p50_ms:>9.1f}"
                f"{figures.p95_ms:>9.1f}{figures.errors:>8}{ratio:>8.2f}"
            )
    print(f"load: {load}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
