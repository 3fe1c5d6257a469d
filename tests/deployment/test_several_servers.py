"""Production's shape, for real: two app servers (gunicorn, different ports) and one background
worker on one PostGIS and one Redis, sharing an uploads folder.

One person's journey crosses the servers: registering on the first sends its email through a
job that the worker runs; the emailed link is finished on the second; a photo posted through the
second is served by the first; a login limit counts attempts on both servers together.

Needs PostGIS (TEST_DATABASE_URL) and redis-server (`scripts/setup --test` installs it); CI's
PostGIS run has both. Skipped, with the reason, where either is missing.
"""

from __future__ import annotations

import html
import io
import os
import re
import secrets
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.cookiejar import CookieJar

import pytest
from PIL import Image
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tests.conftest import PROJECT_ROOT, _make_postgres_database
from tests.registration import LINK, body_of, link_path
from tests.smtp import HOST, SMTPServer, unused_port

pytestmark = pytest.mark.own_app

REDIS_SERVER = shutil.which("redis-server")
DATABASE = os.environ.get("TEST_DATABASE_URL", "")
BIN = PROJECT_ROOT / ".venv" / "bin"
PASSWORD = "two servers, one site"
HIDDEN = re.compile(r'<input[^>]*type="hidden"[^>]*>')
NAME, VALUE = re.compile(r'name="([^"]+)"'), re.compile(r'value="([^"]*)"')


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[dict]:
    if not DATABASE.startswith("postgresql"):
        pytest.skip("several app servers share one PostGIS: TEST_DATABASE_URL is not PostGIS")
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed (scripts/setup --test installs it)")
    folder = tmp_path_factory.mktemp("servers")
    mail = SMTPServer()
    mail.start()
    redis_port = unused_port()
    processes: list[subprocess.Popen] = []
    log = (folder / "processes.log").open("ab")

    def start(*command: str, env: dict[str, str]) -> subprocess.Popen:
        process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=log)
        processes.append(process)
        return process

    try:
        start(REDIS_SERVER, "--port", str(redis_port), "--save", "", "--appendonly", "no", env={})
        env = dict(os.environ)
        env.update(
            HOPEMAP_ENV="development",  # plain HTTP on the loopback
            SECRET_KEY=secrets.token_urlsafe(48),  # the same on every server: one site
            DATABASE_URL=_make_postgres_database(DATABASE, "_servers"),
            RATELIMIT_STORAGE_URI=f"redis://{HOST}:{redis_port}/0",
            JOBS_URL=f"redis://{HOST}:{redis_port}/1",
            UPLOAD_FOLDER=str(folder / "shared-uploads"),
            LOGIN_RATE_LIMIT="3 per minute",
            MAIL_SERVER=HOST,
            MAIL_PORT=str(mail.port),
            MAIL_USE_STARTTLS="0",
            MAIL_USE_SSL="0",
            SITE_URL="http://hopemap.test",
            FLASK_APP="wsgi.py",
        )
        for step in (("db", "upgrade"), ("demo", "load")):  # the demo's categories and areas
            subprocess.run([str(BIN / "flask"), *step], cwd=PROJECT_ROOT, env=env, check=True)
        ports = [unused_port(), unused_port()]
        for port in ports:
            start(
                str(BIN / "gunicorn"),
                "--bind",
                f"{HOST}:{port}",
                "--workers",
                "2",
                "wsgi:app",
                env=env,
            )
        start(str(BIN / "flask"), "jobs", "worker", "--no-periodic", env=env)
        for port in ports:
            _wait_for(f"http://{HOST}:{port}/health")
        yield {"servers": [f"http://{HOST}:{port}" for port in ports], "mail": mail}
    finally:
        for process in reversed(processes):
            process.send_signal(
                signal.SIGINT if process.args[0].endswith("flask") else signal.SIGTERM
            )
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        mail.stop()
        log.close()


def _wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 (our http://127.0.0.1)
                return
        except (OSError, urllib.error.HTTPError):
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer")


class Browser:
    """A person's browser: one cookie jar for every server (cookies belong to the host, not
    the port), following redirects."""

    def __init__(self) -> None:
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def get(self, url: str) -> tuple[int, bytes]:
        return self._open(urllib.request.Request(url))  # noqa: S310 (our http://127.0.0.1)

    def post(
        self, url: str, fields: dict[str, str], files: dict | None = None
    ) -> tuple[int, bytes]:
        # The form's hidden fields (its CSRF token, a submission key) as the browser sends them.
        form_page = self.get(url)[1].decode()
        hidden = {}
        for tag in HIDDEN.findall(form_page):
            name, value = NAME.search(tag), VALUE.search(tag)
            if name and name.group(1) not in hidden:
                hidden[name.group(1)] = html.unescape(value.group(1)) if value else ""
        fields = {**hidden, **fields}
        if files:
            boundary, body = encode_multipart({**fields, **files})
            content_type = f"multipart/form-data; boundary={boundary}"
        else:
            body = urllib.parse.urlencode(fields).encode()
            content_type = "application/x-www-form-urlencoded"
        headers = {"Content-Type": content_type}
        request = urllib.request.Request(url, data=body, headers=headers)  # noqa: S310
        return self._open(request)

    def _open(self, request: urllib.request.Request) -> tuple[int, bytes]:
        try:
            with self.opener.open(request, timeout=30) as answer:
                return answer.status, answer.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()


def _wait_for_linked_email(mail: SMTPServer, timeout: float = 30) -> None:
    """Until an email with a registration link has come: the demo's Didimdol invitations go
    through the same worker, in any order with it, so the first email may be one of those."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(LINK.search(body_of(m)) for m in mail.messages):
            return
        time.sleep(0.2)
    raise AssertionError("the worker did not send the registration email")


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 120, 40)).save(out, "JPEG")
    return out.getvalue()


def test_one_person_across_two_servers_and_a_worker(site):
    first, second = site["servers"]
    mail: SMTPServer = site["mail"]
    person = Browser()

    # Registering on the first server: its email is a job, which the worker sends.
    status, _ = person.post(
        f"{first}/register",
        {
            "email": "two.servers@example.org",
            "display_name": "두 서버 이웃",
            "password": PASSWORD,
            "confirm": PASSWORD,
            "preferred_language": "",
        },
    )
    assert status == 200  # "check your email", after the redirect
    _wait_for_linked_email(mail)
    # The emailed link is finished on the second server (one database, one secret). The demo's
    # Didimdol invitations are emailed by the same worker, in any order with this one.
    linked = [m for m in mail.messages if LINK.search(body_of(m))]
    assert len(linked) == 1, [(m["To"], m["Subject"], body_of(m)[:300]) for m in mail.messages]
    status, page = person.post(f"{second}{link_path(linked[0])}", {"password": PASSWORD})
    assert status == 200 and "두 서버 이웃" in page.decode()
    assert person.get(f"{first}/account")[0] == 200  # signed in on both

    # A need with a photo, posted through the second server…
    form = person.get(f"{second}/pins/new?kind=need")[1].decode()
    category = re.search(r'<select[^>]*name="category".*?<option[^>]*value="(\d+)"', form, re.S)
    assert category, "the need form offers no category"
    status, page = person.post(
        f"{second}/pins/new?kind=need",
        {
            "category": category.group(1),
            "title": "장보기를 도와주실 분",
            "description": "이번 주에 시장에 가기 어렵습니다.",
            "longitude": "126.978",
            "latitude": "37.566",
            "for_whom": "me",
        },
        files={"photo": FileStorage(io.BytesIO(_photo()), "market.jpg", content_type="image/jpeg")},
    )
    assert status == 200
    shown = re.search(r"/pins/(\d+)/photo", page.decode())
    assert shown, re.findall(r'class="field-error"[^>]*>([^<]+)', page.decode()) or page[:3000]
    pin_id = shown.group(1)
    # …is served by the first, from the shared uploads folder.
    status_first, photo_first = person.get(f"{first}/pins/{pin_id}/photo")
    status_second, photo_second = person.get(f"{second}/pins/{pin_id}/photo")
    assert status_first == status_second == 200
    assert photo_first == photo_second and photo_first[:2] == b"\xff\xd8"  # a JPEG

    # The login limit (3 a minute) counts attempts on both servers together.
    stranger = Browser()
    wrong = {"email": "two.servers@example.org", "password": "not the password"}
    statuses = [stranger.post(f"{server}/login", wrong)[0] for server in (first, second, first)]
    assert statuses == [200, 200, 200]  # refused with the form, each counted
    assert stranger.post(f"{second}/login", wrong)[0] == 429
