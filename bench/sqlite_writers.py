"""Residents posting needs at the same time on the embedded default (SQLite under gunicorn).

Prints, for writes (POST /pins/new) and reads (GET /pins, GET /api/pins): requests attempted,
answered 2xx/3xx, refused 429, errors (5xx), broken connections, and p50/p95 latency.

    .venv/bin/python bench/sqlite_writers.py --users 20 --duration 30

Each user logs in once, then, without pause, opens the need form and posts a need, then reads
the list and the map's pins; one persistent connection per user (keep-alive), as a browser.
The database is a new SQLite file in a temporary folder; gunicorn runs with the project's
gunicorn.conf.py (as scripts/setup does) unless --gunicorn-args says otherwise. The posting
limit is lifted (--keep-posting-limit keeps it) so that the figures are the database's.

To measure an earlier version, export it and point --project at it (its own wsgi.py and app/
are served; this program builds the database with the current code, same migrations), e.g.
the set-up before gunicorn.conf.py:

    git archive 289f0e9 | tar -x -C /tmp/before
    .venv/bin/python bench/sqlite_writers.py --project /tmp/before \\
        --gunicorn-args "--config /dev/null --workers 2 --threads 4"
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import shlex
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from server import free_port  # noqa: E402  (bench/server.py)

from app.config import PROJECT_ROOT  # noqa: E402

PASSWORD = "bench password 1234"  # noqa: S105  (the bench's own residents)
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
BOX = (126.95, 37.55, 127.00, 37.58)  # the one dong of the bench database


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=20, help="concurrent residents (20)")
    parser.add_argument("--duration", type=float, default=30, help="seconds of posting (30)")
    parser.add_argument("--project", type=Path, default=PROJECT_ROOT, help="code to serve")
    parser.add_argument(
        "--gunicorn-args", default="--config gunicorn.conf.py", help="as one string"
    )
    parser.add_argument("--keep-posting-limit", action="store_true")
    return parser.parse_args()


def build_database(url: str, users: int) -> list[str]:
    """Migrate a new database and add one gu, one dong, a category and the residents."""
    os.environ.update(HOPEMAP_ENV="development", DATABASE_URL=url)
    from flask_migrate import upgrade
    from shapely.geometry import MultiPolygon, box

    from app import create_app
    from app.accounts.models import Role
    from app.accounts.services import register_user
    from app.areas.models import Area, AreaLevel
    from app.categories.models import Category, CategoryKind
    from app.extensions import db
    from app.geo import to_db_geometry

    app = create_app()
    with app.app_context():
        upgrade(directory=str(PROJECT_ROOT / "migrations"))
        gu = Area(
            code="B1",
            level=AreaLevel.GU,
            name_ko="벤치구",
            name_en="Bench-gu",
            geom=to_db_geometry(MultiPolygon([box(126.90, 37.50, 127.05, 37.60)])),
        )
        dong = Area(
            code="B11",
            level=AreaLevel.DONG,
            name_ko="벤치동",
            name_en="Bench-dong",
            parent=gu,
            geom=to_db_geometry(MultiPolygon([box(*BOX)])),
        )
        category = Category(
            slug="heating", name_ko="난방", name_en="Heating", kind=CategoryKind.BOTH
        )
        db.session.add_all([gu, dong, category])
        emails = [f"resident{n}@bench.example.org" for n in range(users)]
        for n, email in enumerate(emails):
            register_user(email, f"Resident {n}", PASSWORD, "ko", role=Role.RESIDENT)
        db.session.commit()
        category_id = category.id
        db.engine.dispose()
    return [str(category_id), *emails]


@dataclass
class Figures:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"write": [], "read": []})
    statuses: dict[str, Counter] = field(
        default_factory=lambda: {"write": Counter(), "read": Counter()}
    )
    broken: Counter = field(default_factory=Counter)
    lock = threading.Lock()

    def record(self, kind: str, status: int, seconds: float) -> None:
        with self.lock:
            self.statuses[kind][status] += 1
            self.latencies[kind].append(seconds)


class LoginFailed(Exception):
    pass


class Browser:
    """One resident: a persistent connection and a session cookie."""

    def __init__(self, port: int, figures: Figures) -> None:
        self.port = port
        self.figures = figures
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, kind: str | None, method: str, path: str, form: dict | None = None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as error:
            # A connection the server closed under us (keep-alive ended): count it, reconnect.
            with self.figures.lock:
                self.figures.broken[f"{kind or 'login'}: {type(error).__name__}"] += 1
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            return None, ""
        if kind:
            self.figures.record(kind, response.status, time.perf_counter() - started)
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response.status, text

    def log_in(self, email: str) -> None:
        _status, page = self.request(None, "GET", "/login")
        found = CSRF.search(page)
        if found is None:
            raise LoginFailed("the login page had no form")
        token = found.group(1)
        status, _ = self.request(
            None, "POST", "/login", {"email": email, "password": PASSWORD, "csrf_token": token}
        )
        if status != 302:
            raise LoginFailed(f"login answered {status}")


def resident(port, email, category_id, figures, start, stop_at, n) -> None:
    browser = Browser(port, figures)
    try:
        browser.log_in(email)
    except LoginFailed as failure:
        with figures.lock:
            figures.broken[str(failure)] += 1
        start.wait()  # the others go on without this resident
        return
    start.wait()
    posted = 0
    while time.monotonic() < stop_at[0]:
        status, page = browser.request("read", "GET", "/pins/new?kind=need")
        token = CSRF.search(page) if status == 200 else None
        if token:
            lon = BOX[0] + (BOX[2] - BOX[0]) * ((n * 37 + posted * 11) % 100) / 100
            lat = BOX[1] + (BOX[3] - BOX[1]) * ((n * 53 + posted * 7) % 100) / 100
            browser.request(
                "write",
                "POST",
                "/pins/new?kind=need",
                {
                    "csrf_token": token.group(1),
                    "category": category_id,
                    "title": f"연탄이 필요합니다 {n}-{posted}",
                    "description": "겨울을 날 연탄이 필요합니다.",
                    "longitude": f"{lon:.5f}",
                    "latitude": f"{lat:.5f}",
                    "for_whom": "me",
                },
            )
            posted += 1
        browser.request("read", "GET", "/pins")
        browser.request("read", "GET", f"/api/pins?bbox={','.join(map(str, BOX))}&zoom=16")


def percentile(values: list[float], share: float) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100)[int(share * 100) - 1]


def main() -> None:
    args = arguments()
    folder = Path(tempfile.mkdtemp(prefix="bench-sqlite-writers-"))
    url = f"sqlite:///{folder / 'bench.sqlite'}"
    category_id, *emails = build_database(url, args.users)

    port = free_port()
    env = dict(
        os.environ,
        HOPEMAP_ENV="development",
        DATABASE_URL=url,
        SECRET_KEY=secrets.token_urlsafe(48),
        PORT=str(port),
        SPATIALITE_LIBRARY_PATH=os.environ.get("SPATIALITE_LIBRARY_PATH", "mod_spatialite"),
        LOGIN_RATE_LIMIT="100000 per minute",  # every resident logs in from 127.0.0.1
    )
    env.pop("RATELIMIT_STORAGE_URI", None)
    if not args.keep_posting_limit:
        env["POSTING_RATE_LIMIT"] = "1000000 per minute"
    log = (folder / "gunicorn.log").open("wb")
    server = subprocess.Popen(
        [
            str(PROJECT_ROOT / ".venv" / "bin" / "gunicorn"),
            *shlex.split(args.gunicorn_args),
            "--bind",
            f"127.0.0.1:{port}",
            "wsgi:app",
        ],
        cwd=args.project,
        env=env,
        stdout=log,
        stderr=log,
    )
    try:
        wait_until_up(port, server)
        figures = Figures()
        # Timed from the moment every resident has logged in.
        stop_at: list[float] = []
        start = threading.Barrier(
            args.users, action=lambda: stop_at.append(time.monotonic() + args.duration)
        )
        threads = [
            threading.Thread(
                target=resident,
                args=(port, email, category_id, figures, start, stop_at, n),
            )
            for n, email in enumerate(emails)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait(timeout=60)
    report(args, figures, folder)


def wait_until_up(port: int, server: subprocess.Popen) -> None:
    for _ in range(300):
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/health")
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer")


def report(args, figures: Figures, folder: Path) -> None:
    print(f"{args.users} residents, {args.duration:.0f} s, gunicorn {args.gunicorn_args}")
    print(f"project {args.project}; database and server log in {folder}")
    print(
        f"{'':6} {'attempted':>9} {'2xx/3xx':>8} {'429':>6} {'5xx':>6} {'p50 ms':>8} {'p95 ms':>8}"
    )
    for kind in ("write", "read"):
        statuses = figures.statuses[kind]
        ok = sum(n for status, n in statuses.items() if status < 400)
        server_errors = sum(n for status, n in statuses.items() if status >= 500)
        latencies = figures.latencies[kind]
        print(
            f"{kind:6} {sum(statuses.values()):>9} {ok:>8} {statuses[429]:>8} "
            f"{server_errors:>8} {percentile(latencies, 0.5) * 1000:>8.0f} "
            f"{percentile(latencies, 0.95) * 1000:>8.0f}"
        )
    broken = sum(figures.broken.values())
    print(f"broken connections, failed logins: {broken} {dict(figures.broken) if broken else ''}")


if __name__ == "__main__":
    main()
