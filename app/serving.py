"""How the site is served: server processes and threads that suit the database and keep the
rate limits exact, and which proxy headers to believe. gunicorn.conf.py asks this module.

A rate limit is counted in its storage. The default, memory://, lives inside one process: with
two processes each counts alone and "10 per minute" lets 20 through. So either one process
serves (with threads: exact, and all SQLite wants, since it writes one transaction at a time),
or every process shares a Redis (RATELIMIT_STORAGE_URI=redis://…). Several processes on
memory:// are refused at start.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from app.config import BaseConfig, ConfigurationError, default_database_url

# The in-process stores of the `limits` library: each process counts alone.
PER_PROCESS_STORES = ("memory://",)


def rate_limit_store(environ: os._Environ[str] | dict[str, str] = os.environ) -> str:
    """The store the app will use (app.config reads the same variable)."""
    return environ.get("RATELIMIT_STORAGE_URI") or BaseConfig.RATELIMIT_STORAGE_URI


def is_shared_store(storage_uri: str) -> bool:
    return not storage_uri.startswith(PER_PROCESS_STORES)


def refuse_unshared_limits(processes: int, storage_uri: str) -> None:
    """Several processes must share their rate-limit counts, or each limit multiplies."""
    if processes > 1 and not is_shared_store(storage_uri):
        raise ConfigurationError(
            f"{processes} server processes with the rate-limit store {storage_uri!r}: each "
            "process would count alone, letting through that many times every limit "
            "(logins, registrations, posts). Set RATELIMIT_STORAGE_URI=redis://HOST:6379 "
            "(shared by all processes), or serve from one process with threads "
            "(WEB_CONCURRENCY=1, the default without Redis)."
        )


@dataclass(frozen=True)
class ServingPlan:
    processes: int
    threads: int
    why: str


def serving_plan(
    environ: os._Environ[str] | dict[str, str] = os.environ, cores: int | None = None
) -> ServingPlan:
    """Processes and threads from the database, the rate-limit store and the cores.

    WEB_CONCURRENCY (processes) and GUNICORN_THREADS override; several processes still need a
    shared rate-limit store (refuse_unshared_limits).
    """
    cores = cores or os.cpu_count() or 1
    database = environ.get("DATABASE_URL") or default_database_url()
    shared = is_shared_store(rate_limit_store(environ))
    if database.startswith("sqlite"):
        # One writer at a time whatever serves it: one process, threads for the readers.
        processes, threads = 1, 8
        why = "SQLite: one process, threads share its write lock"
    elif shared:
        processes, threads = 2 * cores + 1, 2
        why = "PostgreSQL with a shared rate-limit store: processes from the cores"
    else:
        processes, threads = 1, 8
        why = "PostgreSQL without RATELIMIT_STORAGE_URI: one process keeps the limits exact"
    if environ.get("WEB_CONCURRENCY"):
        processes, why = int(environ["WEB_CONCURRENCY"]), "WEB_CONCURRENCY"
    if environ.get("GUNICORN_THREADS"):
        threads = int(environ["GUNICORN_THREADS"])
    return ServingPlan(processes, threads, why)


def trust_proxies(app: Flask) -> None:
    """Believe X-Forwarded-For/-Proto/-Host from FORWARDED_PROXIES proxies in front, and only
    then: without a proxy anyone could send them, and the address is what the login and
    posting limits count by."""
    proxies = app.config["FORWARDED_PROXIES"]
    if proxies:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )
