"""The app under gunicorn on the loopback, and a cheap persistent HTTP client for it."""

from __future__ import annotations

import base64
import gzip
import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from app.config import PROJECT_ROOT

GUNICORN = PROJECT_ROOT / ".venv" / "bin" / "gunicorn"


@dataclass
class ServerConfig:
    workers: int = 2
    threads: int = 4
    worker_class: str = "gthread"
    keepalive: int = 5

    def arguments(self) -> list[str]:
        return [
            "--workers",
            str(self.workers),
            "--threads",
            str(self.threads),
            "--worker-class",
            self.worker_class,
            "--keep-alive",
            str(self.keepalive),
        ]

    def describe(self) -> str:
        return (
            f"gunicorn {self.workers} workers x {self.threads} threads ({self.worker_class}), "
            f"keep-alive {self.keepalive} s, HOPEMAP_ENV=production"
        )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _new_vault_key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


def app_environment(database_url: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    """What a production deployment sets (a fresh strong secret for each run, and fresh vault
    keys unless given: production refuses to start without them)."""
    env = dict(os.environ)
    env.setdefault("VAULT_KEYS", f"bench1:{_new_vault_key()}")
    env.setdefault("VAULT_INDEX_KEY", _new_vault_key())
    env.update(
        HOPEMAP_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(48),
        DATABASE_URL=database_url,
        SITE_URL="http://127.0.0.1:8000",  # production refuses to start without one
    )
    env.update(extra or {})
    return env


@dataclass
class Server:
    database_url: str
    config: ServerConfig
    log_path: Path
    port: int = field(default_factory=free_port)
    extra_env: dict[str, str] = field(default_factory=dict)  # e.g. the loader's vault keys
    process: subprocess.Popen | None = None
    # Another copy of the code to serve (a before/after in one run: bench/exports.py
    # --before-root); this worktree's own by default.
    root: Path = PROJECT_ROOT

    def start(self, timeout: float = 30.0) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                str(GUNICORN),
                # The settings below only: gunicorn would otherwise read the project's
                # gunicorn.conf.py from the working directory, which refuses two processes
                # without a shared rate-limit store (the benchmark reads, it posts nothing).
                "--config",
                os.devnull,
                "--bind",
                f"127.0.0.1:{self.port}",
                *self.config.arguments(),
                "wsgi:app",
            ],
            cwd=self.root,
            env=app_environment(self.database_url, self.extra_env),
            stdout=log,
            stderr=log,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"gunicorn exited with {self.process.returncode}; see {self.log_path}"
                )
            try:
                status = HttpClient(self.port).status("/")
                if status < 500:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer within {timeout} s; see {self.log_path}")

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes  # as sent (compressed when Content-Encoding says so)

    def json(self):
        data = self.body
        if self.headers.get("content-encoding") == "gzip":
            data = gzip.decompress(data)
        return json.loads(data)


class HttpClient:
    """One persistent HTTP/1.1 connection to the loopback (http.client: cheap, no pool)."""

    def __init__(self, port: int, gzip_ok: bool = True) -> None:
        self.port = port
        self.headers = {"Accept-Encoding": "gzip"} if gzip_ok else {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def get(self, path: str, headers: dict[str, str] | None = None) -> Answer:
        self.connection.request("GET", path, headers={**self.headers, **(headers or {})})
        response = self.connection.getresponse()
        body = response.read()
        if response.will_close:
            self.connection.close()
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, body)

    def status(self, path: str) -> int:
        return self.get(path).status

    def close(self) -> None:
        self.connection.close()


class ApiClient:
    """Fetches the fixed views from /api/pins; counts features without decoding JSON when
    timing (decoding would make the client, not the server, the bottleneck)."""

    def __init__(self, port: int, paths: list[str]) -> None:
        self.http = HttpClient(port)
        self.paths = paths
        self.bad_statuses: dict[int, int] = {}

    def fetch(self, i: int) -> int:
        answer = self.http.get(self.paths[i])
        if answer.status != 200:
            self.bad_statuses[answer.status] = self.bad_statuses.get(answer.status, 0) + 1
            raise RuntimeError(f"HTTP {answer.status} for {self.paths[i]}")
        return len(answer.body)

    def close(self) -> None:
        self.http.close()
