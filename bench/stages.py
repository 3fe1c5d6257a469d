"""The stages of one N: load, the raw-SQL figures, the endpoint's figures, the variants."""

from __future__ import annotations

import argparse
import contextvars
import cProfile
import io
import pstats
import time
from collections.abc import Callable
from dataclasses import dataclass

import cells
import load
import psycopg
import variants
from freshness import measure_freshness, payload_size
from measure import CpuWatch, concurrent_rounds, single_client, single_clients
from server import ApiClient, Server, ServerConfig
from sql_mirror import SqlClient, capture_statements, explain, readable
from viewports import viewports

ZOOMS = (16, 14, 12)
VIEWS = 20  # fixed map views per zoom (viewports.centres)


@dataclass(frozen=True)
class ViewSet:
    """The fixed views at one zoom, with optional filters; `key` names it in the results."""

    key: str
    zoom: int
    filters: tuple[tuple[str, str], ...] = ()
    throughput: bool = True  # the filtered sets get latency figures only (time budget)

    def paths(self) -> list[str]:
        return [v.query(**dict(self.filters)) for v in viewports(self.zoom)]


def view_sets(dsn: str) -> list[ViewSet]:
    """Zooms 16, 14, 12 as the map opens (no filter), and zoom 12 with a category and with
    an area filter: those clusters come from pin_cells, the others from the totals."""
    with psycopg.connect(dsn) as conn:
        category = conn.execute("SELECT id FROM categories WHERE slug = 'food'").fetchone()
    sets = [ViewSet(str(zoom), zoom) for zoom in ZOOMS]
    if category:
        sets.append(ViewSet("12 category", 12, (("category", str(category[0])),), False))
    sets.append(ViewSet("12 area", 12, (("area", load.CENTRAL_GU_CODE),), False))
    return sets


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def database_name(dsn: str) -> str:
    return dsn.rsplit("/", 1)[-1].split("?")[0]


# --- load -------------------------------------------------------------------------------------


def load_stage(app, dsn: str, n: int, args) -> dict:
    """Wipe, migrate, load N pins, rebuild the cluster counts, VACUUM ANALYZE."""
    timings: dict = {}
    started = time.perf_counter()
    load.reset_and_migrate(app)
    timings["migrate_s"] = time.perf_counter() - started
    now = load.bench_now()
    with psycopg.connect(dsn) as conn:
        reference = load.create_reference_rows(conn, now)
        started = time.perf_counter()
        with app.app_context():  # the privacy grid reads the app's settings
            timings.update(load.copy_pins(conn, load.generate_pins(n, args.seed, reference, now)))
        timings["load_s"] = time.perf_counter() - started
        check = n <= args.python_rebuild_max
        tables = cells.cell_tables(conn)
        if check:
            log(f"rebuild_cells (the app's, Python) for {n:,} pins")
            timings.update(cells.rebuild_cells_python(app))
            for table in tables:
                cells.snapshot(conn, table, f"bench_python_{table}")
        timings.update(cells.rebuild_cells_sql(conn))
        timings.update(cells.rebuild_totals_app(app))
        if check:
            for table in tables:
                timings[f"sql_vs_python_{table}"] = cells.compare_cells(
                    conn, table, f"bench_python_{table}"
                )
                cells.drop_snapshot(conn, f"bench_python_{table}")
    with psycopg.connect(dsn, autocommit=True) as conn:
        started = time.perf_counter()
        conn.execute("VACUUM (ANALYZE) pins")
        conn.execute("VACUUM (ANALYZE) pin_cells")
        timings["vacuum_analyze_s"] = time.perf_counter() - started
        for table in ("pins", "pin_cells"):
            timings[f"{table}_mb"] = conn.execute(
                "SELECT pg_total_relation_size(%s::regclass) / 1e6::float8", (table,)
            ).fetchone()[0]
    return timings


# --- figures ----------------------------------------------------------------------------------

Side = tuple[Callable[[], object], CpuWatch]  # how to open a client, whose CPU to count


def compare(
    sides_by_set: dict[str, dict[str, Side]], args, throughput_for: set[str] | None = None
) -> dict[str, dict]:
    """Latency (one client per side, interleaved) and throughput (`args.clients` clients,
    sides alternating in rounds) for each view set; throughput only for the sets in
    `throughput_for` (all when None). Returns side -> latency/throughput -> set."""
    out: dict[str, dict] = {}
    for key, sides in sides_by_set.items():
        clients = {name: make() for name, (make, _watch) in sides.items()}
        latency = single_clients(clients, VIEWS, args.requests, args.warmup)
        for client in clients.values():
            client.close()
        for name in sides:
            figures = out.setdefault(name, {"latency": {}, "throughput": {}})
            figures["latency"][key] = latency[name].as_dict()
        if throughput_for is not None and key not in throughput_for:
            continue
        throughput = concurrent_rounds(sides, VIEWS, args.clients, args.duration, args.rounds)
        for name in sides:
            out[name]["throughput"][key] = throughput[name].as_dict()
    return out


def endpoint_and_sql(
    server: Server, dsn: str, sets: list[ViewSet], statements: dict, args, throughput=True
) -> dict:
    """The endpoint through gunicorn beside its own statements in raw SQL, as `result` keys."""
    database = database_name(dsn)
    sides = {
        vs.key: {
            "http": (
                lambda vs=vs: ApiClient(server.port, vs.paths()),
                CpuWatch(server.pid, database),
            ),
            "sql": (lambda vs=vs: SqlClient(dsn, statements[vs.key]), CpuWatch(None, database)),
        }
        for vs in sets
    }
    with_throughput = {vs.key for vs in sets if vs.throughput and throughput}
    figures = compare(sides, args, with_throughput)
    http, sql = figures["http"], figures["sql"]
    return {
        "http_latency": http["latency"],
        "http_throughput": http["throughput"],
        "sql_latency": sql["latency"],
        "sql_throughput": sql["throughput"],
        "throughput_ratio": {
            zoom: http["throughput"][zoom]["per_second"] / sql["throughput"][zoom]["per_second"]
            for zoom in http["throughput"]
            if sql["throughput"][zoom]["per_second"]
        },
    }


def sql_variant(dsn: str, plain: dict, variant: dict, args, variant_client=SqlClient) -> dict:
    """A SQL-only variant beside the plain statements: {"variant": …, "plain": …}."""
    args = argparse.Namespace(**{**vars(args), "duration": args.variant_duration})
    watch = CpuWatch(None, database_name(dsn))
    sides = {
        key: {
            "variant": (lambda k=key: variant_client(dsn, variant[k]), watch),
            "plain": (lambda k=key: SqlClient(dsn, plain[k]), watch),
        }
        for key in variant
    }
    return compare(sides, args)


def inprocess_latency(app, requests: int, profile_text: bool) -> tuple[dict, dict]:
    """The view through Flask's test client (no HTTP server, no network), then 40 more
    requests per zoom under cProfile: the time per request by layer, and with --profile the
    top functions."""
    client = app.test_client()

    class TestClient:
        def __init__(self, paths):
            self.paths = paths

        def fetch(self, i):
            # A fresh context per request, as in production (own `g`, own DB session).
            response = contextvars.Context().run(
                client.get, self.paths[i], headers={"Accept-Encoding": "gzip"}
            )
            if response.status_code != 200:
                raise RuntimeError(f"HTTP {response.status_code} for {self.paths[i]}")
            return len(response.data)

    results, profiles = {}, {}
    for zoom in ZOOMS:
        paths = [v.query() for v in viewports(zoom)]
        figures = single_client(TestClient(paths), len(paths), requests, warmup=len(paths))
        results[str(zoom)] = figures.as_dict()
        profiler = cProfile.Profile()
        profiler.enable()
        single_client(TestClient(paths), len(paths), len(paths) * 2, warmup=0)
        profiler.disable()
        stats = pstats.Stats(profiler)
        results[str(zoom)]["layers_ms"] = layers(stats, len(paths) * 2)
        if profile_text:
            out = io.StringIO()
            stats.stream = out
            stats.sort_stats("tottime").print_stats(30)
            profiles[str(zoom)] = out.getvalue()
    return results, profiles


LAYERS = (  # (name, test on the profiled function's file name), first match wins
    ("psycopg + waiting for PostgreSQL", lambda f: "/psycopg" in f),
    ("SQLAlchemy", lambda f: "/sqlalchemy/" in f),
    ("compression", lambda f: "zlib" in f or "gzip" in f or "flask_compress" in f),
    ("app code", lambda f: "/app/" in f and "site-packages" not in f),
    ("Flask, Werkzeug, extensions", lambda f: "site-packages" in f),
)


def layers(stats: pstats.Stats, requests: int) -> dict[str, float]:
    """Own time (cProfile's tottime) per request, summed by layer; cProfile slows Python
    code down, so compare layers with each other rather than with the latency figures."""
    totals: dict[str, float] = {}
    for (filename, _line, function), (_cc, _nc, own, _cum, _callers) in stats.stats.items():
        where = f"{filename} {function}"
        if "bench/" in filename:
            continue  # the measuring loop itself
        name = next((n for n, test in LAYERS if test(where)), "Python and C built-ins")
        totals[name] = totals.get(name, 0.0) + own
    return {name: seconds / requests * 1000 for name, seconds in sorted(totals.items())}


def start_server(args, dsn: str, results_dir) -> Server:
    config = ServerConfig(args.workers, args.threads, args.worker_class)
    server = Server(args.database_url, config, results_dir / "gunicorn.log")
    server.start()
    return server


def measure_stage(app, dsn: str, args, results_dir) -> tuple[dict, dict | None]:
    """Everything about the endpoint as the app is now; also the statements it ran."""
    result: dict = {"explain": {}, "statements": {}}
    sets = view_sets(dsn)
    try:
        statements = {vs.key: capture_statements(app, vs.paths()) for vs in sets}
    except RuntimeError as error:  # e.g. the endpoint is not there yet
        result["endpoint_error"] = str(error)
        log(f"endpoint not usable in-process: {error}; nothing measured")
        return result, None
    for vs in sets:
        result["statements"][vs.key] = [readable(s) for s in statements[vs.key][0]]
        result["explain"][vs.key] = explain(dsn, statements[vs.key][0])

    server = start_server(args, dsn, results_dir)
    result["server"] = server.config.describe()
    try:
        log(f"endpoint ({result['server']}) and its SQL: 1 client, then {args.clients}")
        result.update(endpoint_and_sql(server, dsn, sets, statements, args))
        log("payload size, in-process latency, freshness")
        result["payload"] = payload_size(server.port)
        result["inprocess_latency"], profiles = inprocess_latency(
            app, args.inprocess_requests, args.profile
        )
        if profiles:
            result["profiles"] = profiles
        result["freshness"] = measure_freshness(app, server.port, args.freshness_repeats)
    finally:
        server.stop()
    return result, statements


# --- variants ---------------------------------------------------------------------------------


def variant_stage(app, dsn: str, args, results_dir, statements: dict) -> dict:
    """Latency of the endpoint and its SQL again with the proposed indexes (the schema's own
    ones are not duplicated); then the SQL-only variant."""
    sets = view_sets(dsn)
    result: dict = {"indexes": variants.create_proposed_indexes(dsn), "explain": {}}
    for vs in sets:
        result["explain"][vs.key] = explain(dsn, statements[vs.key][0])
    log(f"variant: proposed indexes {result['indexes']}; latency again")
    server = start_server(args, dsn, results_dir)
    try:
        result.update(endpoint_and_sql(server, dsn, sets, statements, args, throughput=False))
    finally:
        server.stop()
    variants.drop_proposed(dsn)

    log("variant: SQL only (the session's round trips)")
    plain = {key: statements[key] for key in map(str, ZOOMS)}
    result["sql_session_like"] = sql_variant(
        dsn, plain, plain, args, variant_client=variants.SessionLikeClient
    )
    return result
