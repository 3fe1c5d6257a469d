"""Serving: gunicorn.conf.py's processes, threads and keep-alive, and rate limits that hold
exactly as configured however many threads or processes serve.

An operator measured "10 per minute" letting 20 through: with the default in-memory store each
gunicorn process counted alone. Now one process serves unless the limits are in a shared Redis,
and gunicorn refuses to start several processes without one.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import threading
from collections import Counter
from pathlib import Path

import pytest

from app.extensions import limiter
from app.serving import trust_proxies
from tests.redis_server import RedisServer

PROJECT_ROOT = Path(__file__).resolve().parent.parent
GUNICORN = PROJECT_ROOT / ".venv" / "bin" / "gunicorn"
REDIS_SERVER = RedisServer.PROGRAM
LIMIT = 5
# Counted per address when signed out, before the view sends the visitor to the login page:
# nothing here touches the database, so other processes need none.
POSTING = "/pins/new?kind=need"


# --- gunicorn.conf.py, read by gunicorn itself ---------------------------------------------------


def gunicorn(*args: str, **environ: str) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "RATELIMIT_STORAGE_URI", "WEB_CONCURRENCY", "PORT"}
    }
    env.update(HOPEMAP_ENV="development", **environ)
    return subprocess.run(
        [str(GUNICORN), "-c", "gunicorn.conf.py", *args, "wsgi:app"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings(**environ: str) -> dict[str, str]:
    printed = gunicorn("--print-config", **environ)
    assert printed.returncode == 0, printed.stderr
    pairs = (line.split("=", 1) for line in printed.stdout.splitlines() if "=" in line)
    return {name.strip(): value.strip() for name, value in pairs}


def test_the_embedded_default_is_one_process_with_threads_and_long_keep_alive():
    config = settings()
    assert (config["workers"], config["threads"], config["worker_class"]) == (
        "1",
        "8",
        "gthread",
    )
    assert config["keepalive"] == "75"  # above nginx's and AWS's 60 s idle timeouts
    assert (config["timeout"], config["graceful_timeout"]) == ("60", "30")
    assert config["bind"] == "['127.0.0.1:8000']"
    assert config["accesslog"] == "-"


def test_postgresql_with_redis_takes_processes_from_the_cores():
    config = settings(
        DATABASE_URL="postgresql://hopemap@db.internal/hopemap",
        RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379",
        PORT="8080",
    )
    assert config["workers"] == str(2 * (os.cpu_count() or 1) + 1)
    assert config["bind"] == "['127.0.0.1:8080']"


def test_postgresql_without_a_shared_store_serves_from_one_process():
    config = settings(DATABASE_URL="postgresql://hopemap@db.internal/hopemap")
    assert config["workers"] == "1"


@pytest.mark.parametrize(
    ("args", "environ"),
    [(("--workers", "2"), {}), ((), {"WEB_CONCURRENCY": "3"})],
    ids=["--workers", "WEB_CONCURRENCY"],
)
def test_several_processes_without_a_shared_store_are_refused(tmp_path, args, environ):
    started = gunicorn(
        "--bind", "127.0.0.1:0", *args, DATABASE_URL=f"sqlite:///{tmp_path}/x.sqlite", **environ
    )
    assert started.returncode != 0
    assert "RATELIMIT_STORAGE_URI=redis://" in started.stderr
    assert "Booting worker" not in started.stderr


# --- exact limits --------------------------------------------------------------------------------


@pytest.fixture
def limits(app, monkeypatch):
    monkeypatch.setitem(app.config, "POSTING_RATE_LIMIT", f"{LIMIT} per hour")


def test_threads_of_one_process_share_every_count_exactly(app, limits):
    """The embedded default: one process, eight threads, the in-memory store."""
    statuses: Counter[int] = Counter()
    start = threading.Barrier(8)

    def post() -> None:
        client = app.test_client()
        start.wait()
        for _ in range(LIMIT):
            statuses[client.post(POSTING).status_code] += 1

    threads = [threading.Thread(target=post) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == {302: LIMIT, 429: 8 * LIMIT - LIMIT}


def test_addresses_from_forwarded_headers_only_behind_a_configured_proxy(app, limits, monkeypatch):
    client = app.test_client()
    spoofed = [
        client.post(POSTING, headers={"X-Forwarded-For": f"203.0.113.{n}"}).status_code
        for n in range(LIMIT + 1)
    ]
    assert spoofed == [302] * LIMIT + [429]  # a made-up address is no fresh budget

    limiter.reset()
    monkeypatch.setattr(app, "wsgi_app", app.wsgi_app)  # put back after the test
    monkeypatch.setitem(app.config, "FORWARDED_PROXIES", 1)
    trust_proxies(app)
    behind_proxy = [
        client.post(POSTING, headers={"X-Forwarded-For": f"203.0.113.{n}"}).status_code
        for n in range(LIMIT + 1)
    ]
    assert behind_proxy == [302] * (LIMIT + 1)  # each neighbour behind the proxy counts alone
    again = [
        client.post(POSTING, headers={"X-Forwarded-For": "203.0.113.0"}).status_code
        for _ in range(LIMIT)
    ]
    assert again == [302] * (LIMIT - 1) + [429]


def _post_from_another_process(storage_uri: str, start, results) -> None:
    """One server process of two: its own app, the shared store."""
    from app import create_app

    app = create_app(
        "testing",
        overrides={
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "RATELIMIT_STORAGE_URI": storage_uri,
            "POSTING_RATE_LIMIT": f"{LIMIT} per hour",
            "LOGIN_RATE_LIMIT": f"{LIMIT} per hour",
        },
    )
    client = app.test_client()
    start.wait()
    for _ in range(LIMIT):
        results.put(("posting", client.post(POSTING).status_code))
        results.put(("login", client.post("/login", data={}).status_code))


@pytest.fixture
def redis_url(tmp_path):
    if not Path(REDIS_SERVER).exists():
        pytest.skip(f"{REDIS_SERVER} is not installed (CI installs redis-server)")
    with RedisServer(tmp_path) as server:
        yield server.url


def test_two_processes_sharing_redis_let_through_exactly_the_limit(redis_url):
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(2)
    results = context.Queue()
    processes = [
        context.Process(target=_post_from_another_process, args=(redis_url, start, results))
        for _ in range(2)
    ]
    for process in processes:
        process.start()
    answers = [results.get(timeout=120) for _ in range(2 * 2 * LIMIT)]
    for process in processes:
        process.join(timeout=60)
        assert process.exitcode == 0
    passed = Counter(route for route, status in answers if status != 429)
    refused = Counter(route for route, status in answers if status == 429)
    assert passed == {"posting": LIMIT, "login": LIMIT}
    assert refused == {"posting": LIMIT, "login": LIMIT}
