"""Actions that send email, against a mail server that accepts connections and never answers.

Starts the site under gunicorn (bench/server.py, production profile) on a fresh SpatiaLite file,
with MAIL_SERVER pointing at a silent server (tests/smtp.py), and measures:

- `action`: staff members hand ideas to a colleague (POST /staff/ideas/<id>/assign, which
  notifies the colleague by email), `--concurrency` of them at once, `--actions` in all;
- `health`: GET /health, one after the other, while the actions run.

and prints p50/p95/max per group. Without background jobs every action waited
MAIL_TIMEOUT_SECONDS (10 s) and /health queued behind them. `--tree DIR` serves another checkout
(e.g. `git archive <commit> | tar -x -C DIR` of the tree before the jobs) for the baseline;
its .venv must exist (a symlink to this one works).

    .venv/bin/python bench/dead_mail.py --actions 32 --concurrency 16
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import requests  # noqa: E402  (locust's dependency; installed with the test tools)

from bench import server as bench_server  # noqa: E402
from bench.server import Server, ServerConfig  # noqa: E402


def parse_arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actions", type=int, default=32)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--tree", type=Path, default=None, help="serve this checkout instead")
    return parser.parse_args(argv)


def percentiles(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return (
        f"n={len(ordered):3d}  p50={statistics.median(ordered) * 1000:8.1f} ms  "
        f"p95={p95 * 1000:8.1f} ms  max={ordered[-1] * 1000:8.1f} ms"
    )


def prepare(database_url: str, actions: int, staff_count: int) -> tuple[list[str], int, list]:
    """Migrate and load: staff members, a colleague to assign to, one idea per action."""
    from flask_migrate import upgrade

    from app import create_app
    from app.accounts.models import Role
    from app.extensions import db
    from tests.factories import make_user
    from tests.ideas.factories import make_idea

    app = create_app("development", overrides={"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        upgrade(directory=str(bench_server.PROJECT_ROOT / "migrations"))
        staff = [make_user(Role.STAFF) for _ in range(staff_count)]
        colleague = make_user(Role.STAFF)
        ideas = [make_idea() for _ in range(actions)]
        db.session.commit()
        result = ([u.email for u in staff], colleague.id, [(i.id, i.version) for i in ideas])
        db.engine.dispose()
    return result


def signed_in(port: int, email: str) -> tuple[requests.Session, str]:
    from tests.factories import PASSWORD

    session = requests.Session()
    base = f"http://127.0.0.1:{port}"
    page = session.get(f"{base}/login").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page
    )
    assert token, "no CSRF token on the login page"
    answer = session.post(
        f"{base}/login",
        data={"email": email, "password": PASSWORD, "csrf_token": token.group(1)},
        allow_redirects=False,
    )
    assert answer.status_code == 302, f"login: {answer.status_code}"
    # Signing in starts a new session, with a new CSRF token: read it from a signed-in page.
    page = session.get(f"{base}/notifications").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token, "no CSRF token on the notifications page"
    return session, token.group(1)


def main(argv=None) -> int:
    args = parse_arguments(argv)
    from tests.smtp import SilentSMTPServer

    if args.tree:
        bench_server.PROJECT_ROOT = args.tree.resolve()
        bench_server.GUNICORN = bench_server.PROJECT_ROOT / ".venv" / "bin" / "gunicorn"
    mail = SilentSMTPServer()
    mail.start()
    with tempfile.TemporaryDirectory(prefix="dead-mail-") as tmp:
        database_url = f"sqlite:///{tmp}/site.sqlite"
        os.environ.update(
            MAIL_SERVER="127.0.0.1",
            MAIL_PORT=str(mail.port),
            JOBS_URL=f"sqlite:///{tmp}/jobs.sqlite",
            SESSION_COOKIE_SECURE="0",
            REMEMBER_COOKIE_SECURE="0",
            SPATIALITE_LIBRARY_PATH=os.environ.get("SPATIALITE_LIBRARY_PATH", "mod_spatialite"),
            LOGIN_RATE_LIMIT="1000 per minute",
            POSTING_RATE_LIMIT="1000 per minute",
        )
        staff, colleague, ideas = prepare(database_url, args.actions, args.concurrency)
        site = Server(database_url, ServerConfig(), Path(tmp) / "gunicorn.log")
        site.start()
        try:
            sessions = [signed_in(site.port, email) for email in staff]
            base = f"http://127.0.0.1:{site.port}"
            action_times: list[float] = []
            health_times: list[float] = []
            statuses: dict[int, int] = {}
            done = threading.Event()

            def act(i: int) -> None:
                session, token = sessions[i % len(sessions)]
                idea_id, version = ideas[i]
                start = time.perf_counter()
                answer = session.post(
                    f"{base}/staff/ideas/{idea_id}/assign",
                    data={
                        "assign-version": version,
                        "assign-assignee": colleague,
                        "csrf_token": token,
                    },
                    allow_redirects=False,
                    timeout=120,
                )
                action_times.append(time.perf_counter() - start)
                statuses[answer.status_code] = statuses.get(answer.status_code, 0) + 1

            def check_health() -> None:
                probe = requests.Session()
                while not done.is_set():
                    start = time.perf_counter()
                    probe.get(f"{base}/health", timeout=120)
                    health_times.append(time.perf_counter() - start)
                    time.sleep(0.05)

            watcher = threading.Thread(target=check_health)
            watcher.start()
            began = time.perf_counter()
            with ThreadPoolExecutor(args.concurrency) as pool:
                list(pool.map(act, range(args.actions)))
            elapsed = time.perf_counter() - began
            done.set()
            watcher.join()
        finally:
            site.stop()
            mail.stop()
            errors = [
                line
                for line in (Path(tmp) / "gunicorn.log").read_text().splitlines()
                if "Error" in line and "Traceback" not in line
            ]
    print(f"{ServerConfig().describe()}; tree {bench_server.PROJECT_ROOT}")
    print(f"mail server: accepts, never answers; {mail.connections} connections made to it")
    print(f"{args.actions} actions, {args.concurrency} at once, in {elapsed:.1f} s; {statuses}")
    print(f"action  {percentiles(action_times)}")
    print(f"health  {percentiles(health_times)}")
    for line in sorted(set(errors))[:5]:
        print(f"server error: {line[:200]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
