"""`flask jobs …`: the worker that runs background jobs and periodic tasks (app/jobs.py).

Output is for the operator at a terminal and stays in English, like Flask's own commands.
"""

from __future__ import annotations

import logging

import click
from flask import current_app
from flask.cli import AppGroup

from app.jobs import job_queue

jobs_cli = AppGroup("jobs", help="Background jobs (emails) and periodic tasks.")


@jobs_cli.command("worker")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Threads that run jobs (default: JOBS_WORKERS, 4).",
)
@click.option(
    "--periodic/--no-periodic",
    default=True,
    show_default=True,
    help="Also start the periodic tasks (expiry, results, the email sweep).",
)
def worker(workers: int | None, periodic: bool) -> None:
    """Run jobs until Ctrl+C (finishes the running ones) or SIGTERM (stops at once)."""
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    queue = job_queue()
    consumer = queue.huey.create_consumer(
        # Threads: jobs wait on mail servers and the database, not on the CPU.
        workers=workers or current_app.config["JOBS_WORKERS"],
        worker_type="thread",
        periodic=periodic,
        # Poll an idle queue at least once a second (SQLite is polled; Redis blocks anyway),
        # so that an email leaves within a second of its action.
        max_delay=1.0,
        check_worker_health=True,
    )
    click.echo(f"Worker for {current_app.config['JOBS_URL']} (Ctrl+C stops).", err=True)
    consumer.run()


@jobs_cli.command("run")
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True)
def run(limit: int) -> None:
    """Run the jobs that are due now, here, and stop (without a worker)."""
    ran = job_queue().run_pending(limit)
    click.echo(f"{ran} job{'' if ran == 1 else 's'} run.")
