"""Mixed browse-and-post traffic against the site as it is served: the load benchmark.

    .venv/bin/python bench/traffic.py                       # the embedded default (SQLite)
    .venv/bin/python bench/traffic.py --database-url postgresql://…/hopemap_bench
    .venv/bin/python bench/traffic.py --users 20 --minutes 1   # a quick look

It sets up a fresh database (a new SQLite file in a temporary folder, or the named PostGIS
database wiped: its name must contain "bench"), migrates it, loads the demo data and N resident
accounts, serves it the way `scripts/setup` does (gunicorn with the project's gunicorn.conf.py
when there is one, and the background worker when there is one), and lets N simulated residents
(bench/traffic_users.py, Locust) browse and post for the given time. It prints, per page group:
requests, errors, p50/p95/p99; and per kind of post: the posts the site acknowledged against
the rows that were created. Nothing passes or fails here: read the figures.

The simulated residents all come from 127.0.0.1, so the per-address login limit is raised for
the run (said in the output); the per-person posting limits stay as configured.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = PROJECT_ROOT / ".venv" / "bin"
sys.path.insert(0, str(PROJECT_ROOT))

from bench.server import HttpClient, free_port  # noqa: E402

PASSWORD = "traffic-bench-" + "x" * 12
EMAIL = "resident{n:03d}@traffic.bench.invalid"
# Rows each kind of post creates: (table, author column).
CREATED = {
    "post need": ("pins", "author_id"),
    "post idea": ("ideas", "author_id"),
    "post comment": ("idea_comments", "author_id"),
}
GROUP_ORDER = [
    "login",
    "home",
    "map page",
    "api pins",
    "pin list",
    "pin page",
    "idea list",
    "idea page",
    "stories",
    "health",
    "need form",
    "idea form",
    "post need",
    "post idea",
    "post comment",
]


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="a PostGIS database to wipe (name has 'bench')")
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--spawn-rate", type=float, default=5.0, help="new users a second")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    # Steps run in subprocesses, as the app:
    parser.add_argument("--prepare-accounts", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--count-rows", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


# --- set-up (in subprocesses: Locust's gevent must not share a process with the app) -----------


def prepare_accounts(n: int, path: str) -> None:
    """N confirmed residents with one known password (hashed once: the set-up stays quick)."""
    from app import create_app
    from app.accounts.models import User
    from app.accounts.services import hash_password
    from app.extensions import db

    app = create_app()
    with app.app_context():
        password_hash = hash_password(PASSWORD)
        accounts = []
        for i in range(n):
            email = EMAIL.format(n=i)
            user = User(email=email, display_name=f"주민{i:03d}", password_hash=password_hash)
            for name, value in _confirmed_fields(User).items():
                setattr(user, name, value)
            db.session.add(user)
            accounts.append({"email": email, "password": PASSWORD})
        db.session.commit()
    Path(path).write_text(json.dumps(accounts), encoding="utf-8")


def _confirmed_fields(user_model) -> dict:
    # Accounts confirm their email before they can sign in, where the model says so.
    from app.clock import utcnow

    return {"confirmed_at": utcnow()} if hasattr(user_model, "confirmed_at") else {}


def reset_postgres(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[-1].split("?")[0]
    if "bench" not in name:
        raise SystemExit(f"refusing to wipe {name!r}: a benchmark database's name has 'bench'")
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("DROP SCHEMA IF EXISTS public CASCADE")
        conn.execute("CREATE SCHEMA public")
        conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")


def environment(database_url: str, folder: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        HOPEMAP_ENV="development",  # plain HTTP on the loopback, as scripts/setup serves
        SECRET_KEY=secrets.token_urlsafe(48),
        DATABASE_URL=database_url,
        SPATIALITE_LIBRARY_PATH=env.get("SPATIALITE_LIBRARY_PATH", "mod_spatialite"),
        LOGIN_RATE_LIMIT="100000 per minute",  # every simulated resident is 127.0.0.1
        UPLOAD_FOLDER=str(folder / "uploads"),
        JOBS_URL=f"sqlite:///{folder / 'jobs.sqlite'}",
        FLASK_APP="wsgi.py",
    )
    env.pop("MAIL_SERVER", None)
    return env


def run(command: list[str], env: dict[str, str]) -> None:
    subprocess.run(command, cwd=PROJECT_ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def has_worker_command(env: dict[str, str]) -> bool:
    probe = subprocess.run(
        [str(VENV_BIN / "flask"), "jobs", "--help"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
    )
    return probe.returncode == 0 and b"worker" in probe.stdout


def gunicorn_command(port: int) -> list[str]:
    config = PROJECT_ROOT / "gunicorn.conf.py"
    if config.exists():
        return [str(VENV_BIN / "gunicorn"), "-c", str(config), "--bind", f"127.0.0.1:{port}"]
    # Before gunicorn.conf.py: the line scripts/setup used.
    return [
        str(VENV_BIN / "gunicorn"),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        "--threads",
        "4",
    ]


def wait_until_up(port: int, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}")
        try:
            if HttpClient(port).status("/health") < 500:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit("the site did not answer within a minute")


# --- counting -------------------------------------------------------------------------------


def count_rows() -> None:
    """Print, as JSON, the rows of each kind written by the simulated residents."""
    from sqlalchemy import func, select

    from app import create_app
    from app.accounts.models import User
    from app.extensions import db

    app = create_app()
    with app.app_context():
        counts = {}
        for group, (table_name, author) in CREATED.items():
            table = db.metadata.tables[table_name]
            counts[group] = db.session.scalar(
                select(func.count())
                .select_from(table)
                .join(User, User.id == table.c[author])
                .where(User.email.like("%@traffic.bench.invalid"))
            )
        print(json.dumps(counts))


def created_rows(env: dict[str, str]) -> dict[str, int]:
    answer = subprocess.run(
        [str(VENV_BIN / "python"), __file__, "--count-rows"],
        cwd=PROJECT_ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(answer.stdout.strip().splitlines()[-1])


def read_stats(prefix: Path) -> list[dict[str, str]]:
    with open(f"{prefix}_stats.csv", encoding="utf-8") as stats:
        return list(csv.DictReader(stats))


def read_failures(prefix: Path) -> list[dict[str, str]]:
    path = Path(f"{prefix}_failures.csv")
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as failures:
        return list(csv.DictReader(failures))


def report(args, database: str, stats, failures, outcome, rows, server_log: str) -> str:
    lines = [
        f"== traffic: {args.users} residents for {args.minutes:g} min on {database}",
        "   (login limit per address raised for the run: every simulated resident is 127.0.0.1)",
        "",
        f"{'page group':<14} {'requests':>9} {'errors':>7} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'p99 ms':>7} {'max ms':>7}",
    ]
    by_name = {row["Name"]: row for row in stats}
    names = [n for n in GROUP_ORDER if n in by_name] + sorted(
        n for n in by_name if n not in GROUP_ORDER and n != "Aggregated"
    )
    for name in [*names, "Aggregated"]:
        row = by_name.get(name)
        if row is None:
            continue
        lines.append(
            f"{name if name != 'Aggregated' else 'all':<14} {row['Request Count']:>9} "
            f"{row['Failure Count']:>7} {row['50%']:>7} {row['95%']:>7} {row['99%']:>7} "
            f"{float(row['Max Response Time']):>7.0f}"
        )
    if failures:
        lines += ["", "errors:"]
        for failure in failures:
            lines.append(f"  {failure['Occurrences']:>6} × {failure['Name']}: {failure['Error']}")
    lines += [
        "",
        f"{'post':<14} {'acknowledged':>12} {'rows created':>13} {'refused (429)':>14}",
    ]
    for group in CREATED:
        lines.append(
            f"{group:<14} {outcome['acknowledged'].get(group, 0):>12} {rows.get(group, 0):>13} "
            f"{outcome['refused_by_limit'].get(group, 0):>14}"
        )
    locked = server_log.count("database is locked")
    tracebacks = server_log.count("Traceback (most recent call last)")
    lines += ["", f"server log: {tracebacks} tracebacks, {locked} 'database is locked'"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    if args.prepare_accounts:
        prepare_accounts(int(args.prepare_accounts[0]), args.prepare_accounts[1])
        return 0
    if args.count_rows:
        count_rows()
        return 0

    folder = Path(tempfile.mkdtemp(prefix="hopemap-traffic-"))
    if args.database_url:
        reset_postgres(args.database_url)
        database_url, database = args.database_url, "PostgreSQL + PostGIS"
    else:
        database_url, database = f"sqlite:///{folder / 'hopemap.sqlite'}", "SQLite + SpatiaLite"
    env = environment(database_url, folder)
    python, flask = str(VENV_BIN / "python"), str(VENV_BIN / "flask")
    print(f"setting up in {folder} …", flush=True)
    run([flask, "db", "upgrade"], env)
    run([flask, "demo", "load"], env)
    accounts = folder / "accounts.json"
    run([python, __file__, "--prepare-accounts", str(args.users), str(accounts)], env)
    before = created_rows(env)

    port = free_port()
    server_log = folder / "server.log"
    processes: list[subprocess.Popen] = []
    with server_log.open("ab") as log:
        try:
            if has_worker_command(env):
                processes.append(
                    subprocess.Popen(
                        [flask, "jobs", "worker"], cwd=PROJECT_ROOT, env=env, stdout=log, stderr=log
                    )
                )
            server = subprocess.Popen(
                [*gunicorn_command(port), "wsgi:app"],
                cwd=PROJECT_ROOT,
                env=env,
                stdout=log,
                stderr=log,
            )
            processes.append(server)
            wait_until_up(port, server)
            print(
                f"serving on port {port}; {args.users} residents for {args.minutes:g} min …",
                flush=True,
            )
            prefix = folder / "stats"
            acknowledged = folder / "acknowledged.json"
            subprocess.run(
                [
                    str(VENV_BIN / "locust"),
                    "-f",
                    str(PROJECT_ROOT / "bench" / "traffic_users.py"),
                    "--headless",
                    "--only-summary",
                    "--users",
                    str(args.users),
                    "--spawn-rate",
                    str(args.spawn_rate),
                    "--run-time",
                    f"{int(args.minutes * 60)}s",
                    "--stop-timeout",
                    "10",
                    "--host",
                    f"http://127.0.0.1:{port}",
                    "--csv",
                    str(prefix),
                    "--loglevel",
                    "WARNING",
                ],
                cwd=PROJECT_ROOT,
                env={
                    **env,
                    "TRAFFIC_ACCOUNTS": str(accounts),
                    "TRAFFIC_ACKNOWLEDGED": str(acknowledged),
                },
                stdout=log,
                stderr=log,
                check=False,
            )
        finally:
            for process in reversed(processes):
                process.terminate()
            for process in processes:
                process.wait(timeout=60)

    after = created_rows(env)
    rows = {group: after[group] - before[group] for group in CREATED}
    outcome = json.loads(acknowledged.read_text(encoding="utf-8"))
    print(
        report(
            args,
            database,
            read_stats(prefix),
            read_failures(prefix),
            outcome,
            rows,
            server_log.read_text(encoding="utf-8", errors="replace"),
        )
    )
    if args.keep:
        print(f"kept {folder}")
    else:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
