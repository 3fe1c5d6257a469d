"""Benchmark of the citizens' ideas pages: latency and size at realistic numbers of ideas.

For each N: wipe and migrate the bench database, bulk-load N deterministic ideas (with users,
areas, departments, supports and comments), then time the public pages, the open-data CSV and
the staff inbox in-process (Flask's test client), interleaved with bare-SQL baselines. Prints a
table per N and a summary; writes everything to bench/results/<UTC>-ideas.json. See
bench/README.md.

    .venv/bin/python bench/ideas_pages.py \\
        --database-url postgresql://hop:hop@localhost/hopemap_bench_ideas --ideas 10000 100000

THE DATABASE IS WIPED (schema `public` dropped, or the SQLite file deleted): its name must
contain "bench". PostGIS, or SpatiaLite (SPATIALITE_LIBRARY_PATH, default mod_spatialite).
"""

from __future__ import annotations

import argparse
import csv
import enum
import gc
import io
import json
import os
import platform
import random
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH_DIR.parent), str(BENCH_DIR)]
os.environ.setdefault("SPATIALITE_LIBRARY_PATH", "mod_spatialite")

from flask_migrate import upgrade  # noqa: E402
from load import CENTRAL_GU_CODE, DONG_GRID, GU_GRID, SEOUL_BOX, _box_polygon  # noqa: E402
from measure import CpuWatch, summarise  # noqa: E402
from sqlalchemy import event, insert, select, text  # noqa: E402
from stages import database_name, log  # noqa: E402

from app import create_app  # noqa: E402
from app.accounts.models import Role  # noqa: E402
from app.accounts.services import register_user  # noqa: E402
from app.config import PROJECT_ROOT, normalise_database_url  # noqa: E402
from app.demo.data import CATEGORIES  # noqa: E402
from app.extensions import db  # noqa: E402
from app.ideas.accountability.queries import accountability  # noqa: E402
from app.ideas.citizens.queries import IdeaFilters, idea_list_statement  # noqa: E402
from app.ideas.deadlines import due_date_for  # noqa: E402
from app.ideas.models import Idea  # noqa: E402

RESULTS_DIR = BENCH_DIR / "results"
USERS, STAFF, DEPARTMENTS, GUS, BATCH = 5000, 20, 8, GU_GRID * GU_GRID, 5000
AREAS = GUS * (1 + DONG_GRID * DONG_GRID)  # ids 1-25 gu, 26-425 dong
STAFF_EMAIL, PASSWORD = "bench-staff@example.org", "bench-staff-password-1"  # noqa: S105
TOPICS = (
    "경로당 난방비", "무료 급식소", "노인 일자리", "장애인 이동 지원", "청년 월세", "어린이 놀이터",
    "독거노인 안부 확인", "한부모 가정 돌봄", "반찬 배달", "무더위 쉼터", "공공 와이파이",
    "방범 CCTV", "치매 예방 교실", "아동 급식카드", "저소득층 건강검진", "겨울철 연탄",
)  # fmt: skip
ASKS = ("지원을 늘려 주세요", "확대를 제안합니다", "개선이 필요합니다", "신설을 건의합니다")
SENTENCES = (
    "우리 동네에는 도움이 필요한 어르신이 많습니다.", "신청 절차가 너무 복잡합니다.",
    "주변 주민들도 같은 의견입니다.", "다른 구에서는 이미 시행하고 있다고 들었습니다.",
    "겨울마다 같은 문제가 반복됩니다.", "작은 예산으로도 큰 효과가 있을 것입니다.",
)  # fmt: skip
RESPONSE = (
    "소중한 제안 감사합니다. 담당 부서에서 검토한 결과를 알려 드립니다. 예산과 인력 여건, 관련 "
    "법령과 기존 사업과의 중복 여부를 살펴 결정하였으며, 자세한 내용은 동 주민센터에서 안내해 "
    "드리겠습니다."
)
SIMILAR = ("경로당 난방비 지원을", "청년 월세", "무더위 쉼터를 늘려", "반찬 배달 확대")
IDEA_COLUMNS = (
    "id", "author_id", "title", "body", "category_id", "area_id", "status", "outcome", "due_on",
    "department_id", "assignee_id", "response", "answered_at", "answered_by_id",
    "answering_department_id", "review_started_at", "created_at", "updated_at", "version",
)  # fmt: skip


def parse_arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add = parser.add_argument
    add("--database-url", required=True, help="PostGIS or SpatiaLite database to WIPE")
    add("--ideas", type=int, nargs="+", default=[10_000, 100_000], help="the N, in turn")
    add("--requests", type=int, default=30, help="timed requests per page")
    add("--warmup", type=int, default=3, help="untimed requests per page first")
    add("--export-runs", type=int, default=3, help="whole CSV files fetched (best counts)")
    add("--seed", type=int, default=20241122)
    args = parser.parse_args(argv)
    if "bench" not in database_name(args.database_url):
        parser.error("refusing to wipe a database whose name does not contain 'bench'")
    return args


# --- load -----------------------------------------------------------------------------------


def wipe_and_migrate(app) -> None:
    """As tests/conftest.py (PostGIS: schema `public` re-created; SQLite: a new file)."""
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
                connection.execute(text("CREATE EXTENSION IF NOT EXISTS postgis"))
        else:
            db.engine.dispose()
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(db.engine.url.database + suffix).unlink(missing_ok=True)
        upgrade(directory=str(PROJECT_ROOT / "migrations"))
        db.session.remove()
        db.engine.dispose()


def bulk_insert(connection, table: str, columns: str | list[str], rows: list[tuple]) -> None:
    """COPY on PostgreSQL; a Core executemany of dicts elsewhere."""
    columns = columns.split() if isinstance(columns, str) else columns
    if connection.dialect.name != "postgresql":
        connection.execute(
            insert(db.metadata.tables[table]), [dict(zip(columns, r, strict=True)) for r in rows]
        )
        return
    cursor = connection.connection.driver_connection.cursor()
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([v.value if isinstance(v, enum.Enum) else v for v in row])


def reference_rows(now: datetime):
    """(table, columns, rows): the demo's 12 categories, 25 gu and 400 dong rectangles (cut
    as bench/load.py cuts them), departments, 5,000 residents and the staff holding ideas."""
    min_lon, min_lat, max_lon, max_lat = SEOUL_BOX
    areas = []
    for level, grid, parent_of in (("gu", GU_GRID, None), ("dong", GU_GRID * DONG_GRID, 1)):
        width, height = (max_lon - min_lon) / grid, (max_lat - min_lat) / grid
        for c in range(grid):
            for r in range(grid):
                west, south = min_lon + c * width, min_lat + r * height
                polygon = _box_polygon(west, south, west + width, south + height)
                parent = (c // DONG_GRID) * GU_GRID + r // DONG_GRID + 1 if parent_of else None
                code = f"B{c:02d}{r:02d}D" if parent else f"B{c}{r}"
                areas.append(
                    (len(areas) + 1, code, level, f"벤치 {code}", code, parent, polygon, now)
                )
    yield (
        "categories",
        "id slug name_ko name_en kind position active",
        [(i + 1, *category, i, True) for i, category in enumerate(CATEGORIES)],
    )
    yield "areas", "id code level name_ko name_en parent_id geom updated_at", areas
    yield (
        "departments",
        "id name_ko name_en is_active created_at",
        [
            (i, f"복지정책{i}과", f"Welfare Policy {i}", True, now)
            for i in range(1, DEPARTMENTS + 1)
        ],
    )
    users = [
        (i, f"bench{i}@example.org", f"주민 {i}", "!", Role.STAFF if i > USERS else Role.RESIDENT)
        for i in range(1, USERS + STAFF + 1)
    ]
    columns = "id email display_name password_hash role is_active_account session_token created_at"
    yield "users", columns, [(*user, True, f"t{user[0]}", now) for user in users]


def idea_batches(n: int, seed: int, now: datetime, response_days: int):
    """(ideas, supports, comments) rows, BATCH ideas at a time. Received 15 %, under review
    15 %, answered 70 % (outcomes 30/30/40 %) 1-40 days after receipt (mode 7 days); answered
    ideas spread over 24 months, pending ones 70 % in the last 60 days (a backlog)."""
    rng = random.Random(seed)
    ideas, supports, comments = [], [], []
    for idea_id in range(1, n + 1):
        status = rng.choices(("received", "under_review", "answered"), (15, 15, 70))[0]
        recent = status != "answered" and rng.random() < 0.7
        created = now - timedelta(seconds=rng.randrange(86_400 * (60 if recent else 730)))
        topic, department = rng.choice(TOPICS), rng.randrange(1, DEPARTMENTS + 1)
        assignee = rng.randrange(USERS + 1, USERS + STAFF + 1)
        area = rng.choices((rng.randrange(GUS + 1, AREAS + 1), rng.randrange(1, GUS + 1), None),
                           (85, 10, 5))[0]  # fmt: skip
        idea = {
            "id": idea_id, "author_id": rng.randrange(1, USERS + 1),
            "title": f"{topic} {rng.choice(ASKS)}",
            "body": f"{topic} 관련 제안입니다.\n" + " ".join(rng.sample(SENTENCES, 4)),
            "category_id": rng.randrange(1, len(CATEGORIES) + 1), "area_id": area,
            "status": status, "due_on": due_date_for(created, response_days),
            "created_at": created, "updated_at": created, "version": 1,
            "department_id": department if rng.random() < 0.5 else None,
        }  # fmt: skip
        end = now
        if status != "received":
            review = created + (now - created) * rng.uniform(0.01, 0.1)
            idea |= {"department_id": department, "assignee_id": assignee}
            idea |= {"review_started_at": review, "updated_at": review}
        if status == "answered":
            end = created + timedelta(days=rng.triangular(1, 40, 7))
            if end >= now:
                end = created + (now - created) * rng.uniform(0.2, 0.95)
            outcome = rng.choices(("adopted", "partly_adopted", "not_adopted"), (30, 30, 40))[0]
            idea |= {"outcome": outcome, "response": RESPONSE, "answered_at": end}
            idea |= {"answered_by_id": assignee, "answering_department_id": department}
            idea["updated_at"] = end
        ideas.append(tuple(idea.get(column) for column in IDEA_COLUMNS))
        # ~3 supports an idea on average: most get 0-3, 2 % are popular (20-200).
        popular = rng.random() < 0.02
        count = rng.randrange(20, 200) if popular else int(rng.expovariate(1 / 1.3))
        for user in rng.sample(range(1, USERS + 1), count):
            supports.append((idea_id, user, created + (end - created) * rng.random()))
        for _ in range(int(rng.expovariate(1 / 1.5))):  # ~1 comment an idea, 2 % hidden
            hidden = now if rng.random() < 0.02 else None
            comments.append((idea_id, rng.randrange(1, USERS + 1), rng.choice(SENTENCES),
                             created + (now - created) * rng.random(), hidden,
                             hidden and "욕설"))  # fmt: skip
        if idea_id % BATCH == 0 or idea_id == n:
            yield ideas, supports, comments
            ideas, supports, comments = [], [], []


def load(app, n: int, seed: int) -> dict:
    started = time.perf_counter()
    wipe_and_migrate(app)
    migrated = time.perf_counter()
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    counts = {"supports": 0, "comments": 0}
    with app.app_context():
        with db.engine.begin() as connection:
            for table, columns, rows in reference_rows(now):
                bulk_insert(connection, table, columns, rows)
            for ideas, supports, comments in idea_batches(
                n, seed, now, int(app.config["IDEA_RESPONSE_DAYS"])
            ):
                bulk_insert(connection, "ideas", IDEA_COLUMNS, ideas)
                bulk_insert(connection, "idea_supports", "idea_id user_id created_at", supports)
                bulk_insert(connection, "idea_comments", "idea_id author_id body created_at "
                            "hidden_at hidden_reason", comments)  # fmt: skip
                counts["supports"] += len(supports)
                counts["comments"] += len(comments)
            # The kept support counts (app.ideas.supports), backfilled as the migration does.
            connection.execute(
                text(
                    "UPDATE ideas SET support_count = (SELECT count(*) FROM idea_supports"
                    " WHERE idea_supports.idea_id = ideas.id)"
                )
            )
            if connection.dialect.name == "postgresql":  # explicit ids: move the sequences on
                for table in ("categories", "areas", "departments", "users", "ideas"):
                    connection.execute(
                        text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :n)"),
                        {"t": table, "n": AREAS + USERS + STAFF + n},  # above every id
                    )
        inserted = time.perf_counter()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text("VACUUM ANALYZE"))
                size = connection.scalar(text("SELECT pg_database_size(current_database())"))
            else:
                connection.execute(text("ANALYZE"))
                size = Path(db.engine.url.database).stat().st_size
        register_user(STAFF_EMAIL, "벤치 직원", PASSWORD, role=Role.STAFF)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return counts | {
        "migrate_s": round(migrated - started, 1),
        "insert_s": round(inserted - migrated, 1),
        "analyze_s": round(time.perf_counter() - inserted, 1),
        "database_mb": round(size / 1e6, 1),
    }


# --- measure --------------------------------------------------------------------------------

ACCOUNTABILITY_SQL = "accountability: its SELECT (5 columns), bare SQL"
ACCOUNTABILITY_PY = "accountability: accountability() alone"
LIST_SQL = "list: one page's SELECT, bare SQL"


class Counters:
    """Per request: statements sent and seconds in cursor.execute(); seconds in Python's
    garbage collector (a full collection of this process's heap takes ~0.2 s on the 2-core
    machine, and pages that build tens of thousands of objects set one off)."""

    def __init__(self, engine) -> None:
        self.reset()
        event.listen(engine, "before_cursor_execute", lambda *_: self._start("sql"))
        event.listen(engine, "after_cursor_execute", lambda *_: self._stop("sql", "queries"))
        gc.callbacks.append(
            lambda phase, _: self._start("gc") if phase == "start" else self._stop("gc")
        )

    def reset(self) -> None:
        self.figures = {"queries": 0, "sql": 0.0, "gc": 0.0}
        self._started = {}

    def _start(self, what: str) -> None:
        self._started[what] = time.perf_counter()

    def _stop(self, what: str, count: str | None = None) -> None:
        self.figures[what] += time.perf_counter() - self._started.pop(what, time.perf_counter())
        if count:
            self.figures[count] += 1


def runners(app, n: int, seed: int, raw) -> dict:
    """name -> fetch(i), returning the answer's bytes (pages) or rows (baselines)."""
    anonymous, staff = app.test_client(), app.test_client()
    answer = staff.post("/login", data={"email": STAFF_EMAIL, "password": PASSWORD})
    assert answer.status_code == 302, f"staff login: {answer.status_code}"
    ids = random.Random(seed).sample(range(1, n + 1), min(n, 20))
    with app.app_context():
        columns = (Idea.status, Idea.outcome, Idea.created_at, Idea.answered_at, Idea.due_on)
        one_page = idea_list_statement(IdeaFilters()).limit(app.config["IDEAS_PER_PAGE"])
        literal = {"compile_kwargs": {"literal_binds": True}}
        sql = [str(q.compile(db.engine, **literal)) for q in (select(*columns), one_page)]

    def get(client, *urls):
        def fetch(i: int) -> int:
            response = client.get(urls[i % len(urls)])
            assert response.status_code == 200, f"{urls[i % len(urls)]}: {response.status_code}"
            return len(response.get_data())

        return fetch

    def bare(sql: str):
        def fetch(_i: int) -> int:
            cursor = raw.cursor()
            cursor.execute(sql)
            rows = len(cursor.fetchall())
            cursor.close()
            return rows

        return fetch

    def figures(_i: int) -> int:
        with app.app_context():
            return accountability().overall.received

    area = f"/ideas?status=answered&area={CENTRAL_GU_CODE}"
    return {
        "GET /ideas": get(anonymous, "/ideas"),
        "GET /ideas?sort=supported": get(anonymous, "/ideas?sort=supported"),
        "GET /ideas?sort=answered": get(anonymous, "/ideas?sort=answered"),
        f"GET {area}": get(anonymous, area),
        "GET /ideas/<id> (20 ids)": get(anonymous, *(f"/ideas/{i}" for i in ids)),
        "GET /ideas/accountability": get(anonymous, "/ideas/accountability"),
        "GET /api/ideas/similar (4 titles)": get(
            anonymous, *(f"/api/ideas/similar?title={title}" for title in SIMILAR)
        ),
        "GET /staff/ideas (staff)": get(staff, "/staff/ideas"),
        "GET /staff/ideas?overdue=1 (staff)": get(staff, "/staff/ideas?overdue=1"),
        ACCOUNTABILITY_SQL: bare(sql[0]),
        ACCOUNTABILITY_PY: figures,
        LIST_SQL: bare(sql[1]),
    }


def measure(app, n: int, args, counters: Counters) -> dict:
    with app.app_context():
        raw, is_postgresql = db.engine.raw_connection(), db.engine.dialect.name == "postgresql"
    raw.detach()  # switched to autocommit below: never back into the pool
    if is_postgresql:
        raw.dbapi_connection.rollback()
        raw.dbapi_connection.autocommit = True
    fetchers = runners(app, n, args.seed, raw)
    names = list(fetchers)
    for i in range(args.warmup):
        for fetch in fetchers.values():
            fetch(i)
    timed = {name: {"s": [], "size": [], "queries": 0, "sql": 0.0, "gc": 0.0} for name in names}
    watch = CpuWatch(None, database_name(args.database_url))
    watch.start()
    for i in range(args.requests):  # interleaved, each round in a rotated order
        for name in names[i % len(names) :] + names[: i % len(names)]:
            counters.reset()
            started = time.perf_counter()
            size = fetchers[name](i)
            timed[name]["s"].append(time.perf_counter() - started)
            timed[name]["size"].append(size)
            for key, value in counters.figures.items():
                timed[name][key] += value
    cpu = watch.stop()
    pages = {
        name: summarise(t["s"], t["size"]).as_dict()
        | {"queries": t["queries"] / args.requests}
        | {f"{key}_ms": 1000 * t[key] / args.requests for key in ("sql", "gc")}
        for name, t in timed.items()
    }
    raw.close()
    exports, client = [], app.test_client()
    for _ in range(args.export_runs):
        counters.reset()
        started = time.perf_counter()
        body = client.get("/ideas/export.csv", buffered=True).get_data()
        seconds = time.perf_counter() - started
        exports.append({"seconds": seconds, "mb": len(body) / 1e6, "rows_per_s": n / seconds})
        exports[-1] |= {"queries": counters.figures["queries"]}
        exports[-1] |= {"sql_s": counters.figures["sql"], "gc_s": counters.figures["gc"]}
    rows = sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8-sig")))) - 1
    assert rows == n, f"the CSV has {rows} rows, not {n}"
    best = min(exports, key=lambda run: run["seconds"])
    return {"pages": pages, "export": best, "export_runs": exports, "cpu_while_paging": cpu}


# --- report ---------------------------------------------------------------------------------


def table(n: int, result: dict) -> str:
    lines = [f"N = {n:,} ideas; load: {json.dumps(result['load'])}"]
    lines.append(
        f"{'':52} {'p50 ms':>8} {'p95 ms':>8} {'KB|rows':>8} {'queries':>7} {'SQL ms':>7} "
        f"{'GC ms':>6}"
    )
    for name, p in result["pages"].items():
        size = f"{p['mean_size'] / 1000:.1f}" if name.startswith("GET") else f"{p['mean_size']:.0f}"
        lines.append(
            f"{name:52} {p['p50_ms']:8.1f} {p['p95_ms']:8.1f} {size:>8} {p['queries']:7.0f} "
            f"{p['sql_ms']:7.1f} {p['gc_ms']:6.1f}"
        )
    e = result["export"]
    lines.append(
        f"GET /ideas/export.csv, whole file (best of {len(result['export_runs'])}): "
        f"{e['seconds']:.2f} s, {e['mb']:.1f} MB, {e['rows_per_s']:,.0f} rows/s, "
        f"{e['queries']} queries, {e['sql_s']:.2f} s in SQL, {e['gc_s']:.2f} s in GC"
    )
    lines += [f"ratio of p50s, {name}: {value:.1f}" for name, value in result["ratios"].items()]
    cpu = result["cpu_while_paging"]
    lines.append(
        f"while timing: machine busy {cpu['machine_busy_share']:.0%}, other load "
        f"{cpu['other_cpu_share']:.0%}; loadavg {result['loadavg'][0]:.2f}"
    )
    return "\n".join(lines)


def summary(run: dict) -> str:
    sizes = list(run["results"])
    lines = ["| p50 / p95 ms | " + " | ".join(f"{int(n):,}" for n in sizes)]
    lines.append("|---|" + "---|" * (len(sizes) - 1) + "---")
    for name in run["results"][sizes[0]]["pages"]:
        cells = [run["results"][n]["pages"][name] for n in sizes]
        lines.append(
            f"| {name} | " + " | ".join(f"{c['p50_ms']:.1f} / {c['p95_ms']:.1f}" for c in cells)
        )
    return "\n".join(line + " |" for line in lines)


def main(argv=None) -> int:
    args = parse_arguments(argv)
    url = normalise_database_url(args.database_url)
    overrides = {"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False}
    app = create_app("testing", overrides=overrides)
    with app.app_context():
        counters = Counters(db.engine)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    RESULTS_DIR.mkdir(exist_ok=True)
    output = RESULTS_DIR / f"{stamp}-ideas.json"
    run = {
        "started": stamp,
        "arguments": vars(args) | {"database_url": url.rpartition("@")[2]},
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=BENCH_DIR
        ).stdout.strip(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "results": {},
    }
    for n in args.ideas:
        log(f"=== {n:,} ideas: load")
        result = {"load": load(app, n, args.seed)}
        log(f"loaded: {result['load']}; timing")
        result |= measure(app, n, args, counters)
        result["loadavg"] = os.getloadavg()
        p50 = {name: page["p50_ms"] for name, page in result["pages"].items()}
        result["ratios"] = {
            "accountability page / its bare SELECT": p50["GET /ideas/accountability"]
            / p50[ACCOUNTABILITY_SQL],
            "accountability() / its bare SELECT": p50[ACCOUNTABILITY_PY] / p50[ACCOUNTABILITY_SQL],
            "GET /ideas / one page's bare SELECT": p50["GET /ideas"] / p50[LIST_SQL],
        }
        run["results"][str(n)] = result
        output.write_text(json.dumps(run, indent=2, default=str))
        print("\n" + table(n, result) + "\n", flush=True)
    print("Summary (Markdown):\n" + summary(run))
    print(f"results: {output.relative_to(BENCH_DIR.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
