"""gunicorn's settings for the Hope Community Map: `gunicorn -c gunicorn.conf.py wsgi:app`.

scripts/setup serves with it and the README's deployment uses it. gunicorn also reads this file
by itself when started from this folder without -c. Each setting can be changed from the
environment (below); command-line options override this file.

Processes and threads (app/serving.py): on SQLite one process with 8 threads (SQLite writes one
transaction at a time anyway, and one process keeps the in-memory rate limits exact); on
PostgreSQL 2 x cores + 1 processes of 2 threads when the rate limits are in a shared Redis
(RATELIMIT_STORAGE_URI=redis://…), else one process. Several processes without a shared
store are refused at start: each would count every limit alone.
"""

from __future__ import annotations

import os

from app.serving import rate_limit_store, refuse_unshared_limits, serving_plan

# Where to listen: BIND (host:port), else 127.0.0.1 and PORT (a proxy in front serves the
# world; set BIND=0.0.0.0:8000 in a container).
bind = os.environ.get("BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"

_plan = serving_plan()
workers = _plan.processes
threads = _plan.threads
# Threads, and keep-alive, which gunicorn's default sync worker does not do at all.
worker_class = "gthread"

# An idle connection stays open this long. Longer than the idle timeout of what sits in front,
# so that it is always the client that closes first: nginx's upstream keepalive_timeout and
# AWS's load balancers default to 60 s, and a browser or a pooled HTTP client reuses a
# connection it believes open. gunicorn's default of 2 s closed connections under the
# clients' feet: 14-25 GETs reset per load-test run. (Google Cloud's load balancer keeps
# 600 s: set GUNICORN_KEEPALIVE=620 there.)
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "75"))

# A worker silent this long is restarted. Above SQLite's busy timeout (30 s, app/geo.py), so
# a request waiting its turn to write is not killed for it.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# On a restart or deploy, requests under way get this long to finish.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))

# Who may say, in X-Forwarded-Proto, that the request came over HTTPS: the proxy in front
# (comma-separated addresses; "*" only where nothing else can reach the port). The client's
# address from X-Forwarded-For is the app's to believe: FORWARDED_PROXIES (app/config.py).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# One line per request on stdout ("-"), or into ACCESS_LOG's file; errors on stderr.
accesslog = os.environ.get("ACCESS_LOG", "-")
errorlog = "-"

# Not preloaded: each process opens its own database connections after the fork.
preload_app = False

# No control socket (gunicorn 25.1+): every gunicorn of the account would share its default
# path, and it can add processes at run time, past the check below.
control_socket_disable = True


def on_starting(server) -> None:
    """Refuse several processes that would each count the rate limits alone (the command line's
    --workers included)."""
    refuse_unshared_limits(server.cfg.workers, rate_limit_store())
    server.log.info(
        "Serving with %d process(es) x %d threads (%s); rate limits in %s",
        server.cfg.workers,
        server.cfg.threads,
        _plan.why if server.cfg.workers == workers else "--workers",
        rate_limit_store().split("@")[-1],  # never a Redis password in the log
    )
