"""A private Redis for a test: started on a free port, without persistence, stopped by its pid."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import redis


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    PROGRAM = "/usr/bin/redis-server"

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.pidfile = folder / f"redis-{self.port}.pid"
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def __enter__(self) -> RedisServer:
        subprocess.run(
            [
                self.PROGRAM,
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--daemonize", "yes",
                "--pidfile", str(self.pidfile),
                "--dir", str(self.pidfile.parent),
            ],
            check=True,
            capture_output=True,
        )  # fmt: skip
        client = redis.Redis.from_url(self.url)
        for _ in range(100):  # ready within a moment; give up after ~10 s
            try:
                client.ping()
                return self
            except redis.ConnectionError:
                time.sleep(0.1)
        self.__exit__()
        raise RuntimeError(f"redis-server did not answer on port {self.port}")

    def __exit__(self, *_exc: object) -> None:
        for _ in range(50):  # the pid file appears once the daemon runs
            if self.pidfile.exists() and self.pidfile.read_text().strip():
                break
            time.sleep(0.1)
        else:
            return
        pid = int(self.pidfile.read_text())
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        for _ in range(50):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)
