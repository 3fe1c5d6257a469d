"""Browser tests: Debian's Chromium driven by Playwright against a live server.

The server runs in a thread on its own database (a temporary SpatiaLite file, or a sibling
PostGIS database when TEST_DATABASE_URL is set), because it commits for real. CSRF is on, as in
production. A failing test leaves a screenshot in test-artifacts/ (pytest-playwright's
--screenshot only-on-failure, set in pyproject.toml).
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from email.message import EmailMessage
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from app import create_app
from app.extensions import db
from tests.conftest import PROJECT_ROOT, _test_database_url, reset_and_migrate
from tests.smtp import SMTPServer

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/test, which installs it")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A browser in Seoul: Korean first. Tests that need English switch with the site's control.
    return {**browser_context_args, "locale": "ko-KR", "timezone_id": "Asia/Seoul"}


class LiveServer:
    def __init__(self, app, url: str):
        self.app = app
        self.url = url

    def __call__(self, path: str = "/") -> str:
        return self.url + path


def _run_jobs(app, stop: threading.Event) -> None:
    """The live server's background worker: runs what the server enqueues (huey.dequeue() and
    execute(), as `flask jobs worker` does), polling every 50 ms."""
    queue = app.extensions["jobs"]
    while not stop.is_set():
        if not queue.run_pending():
            stop.wait(0.05)


def serve(database_suffix: str, tmp_dir: Path, prepare=None):
    """A live server (and its worker) on a database of its own, migrated, then `prepare`d
    (called in an app context, committed): a generator for fixtures to yield from."""
    database_url = _test_database_url(tmp_dir, suffix=database_suffix)
    app = create_app(
        "testing",
        overrides={
            "SQLALCHEMY_DATABASE_URI": database_url,
            "UPLOAD_FOLDER": str(tmp_dir / f"uploads{database_suffix}"),
            "WTF_CSRF_ENABLED": True,
            "LOGIN_RATE_LIMIT": "1000 per minute",
            "REGISTER_RATE_LIMIT": "1000 per minute",
            "POSTING_RATE_LIMIT": "1000 per minute",
            # A queue of its own, with a worker beside the server (below), as in production.
            "JOBS_URL": f"sqlite:///{tmp_dir / f'jobs{database_suffix}.sqlite'}",
        },
    )
    reset_and_migrate(app)
    if prepare is not None:
        with app.app_context():
            prepare()
            db.session.commit()
            db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    stop_worker = threading.Event()
    worker = threading.Thread(target=_run_jobs, args=(app, stop_worker), daemon=True)
    worker.start()
    yield LiveServer(app, f"http://127.0.0.1:{server.server_port}")
    stop_worker.set()
    worker.join(timeout=10)
    server.shutdown()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def live_server(tmp_dir):
    yield from serve("_browser", tmp_dir)


@pytest.fixture
def live_mail(live_server):
    """The live server's email goes to a real SMTP server of the test's own."""
    server = SMTPServer()
    server.start()
    server.configure(live_server.app)
    try:
        yield server
    finally:
        server.stop()


def wait_for_email(mail: SMTPServer, address: str, count: int = 1) -> EmailMessage:
    """The `count`th email to `address`, once the live server's worker has sent it."""
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        arrived = [m for m in mail.messages if m["To"].addresses[0].addr_spec == address]
        if len(arrived) >= count:
            return arrived[count - 1]
        time.sleep(0.05)
    raise AssertionError(f"no email number {count} to {address} arrived")


@pytest.fixture
def in_live_db(live_server):
    """Run set-up code against the live server's database (committed for real)."""

    class Runner:
        def __call__(self, function, *args, **kwargs):
            with live_server.app.app_context():
                result = function(*args, **kwargs)
                db.session.commit()
                return result

    return Runner()


@pytest.fixture
def check_accessibility(page):
    """Run axe-core (WCAG 2 A and AA rules) on the current page and fail on any violation."""
    source = AXE.read_text(encoding="utf-8")

    def check(context: str = "", other=None) -> None:
        """`other`: a page of another browser context (a second person in a journey)."""
        target = other if other is not None else page
        target.evaluate(source)  # through DevTools, so the page's CSP does not apply to it
        result = target.evaluate(
            "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
        )
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(node["target"][0] for node in v["nodes"][:3])
            for v in result["violations"]
        ]
        assert not violations, f"axe on {context or target.url}:\n" + "\n".join(violations)

    return check
