"""Background jobs: slow or outside work (email, later digests and exports) leaves the request.

Huey is the queue. `JOBS_URL` chooses its storage: `sqlite:///FILE` (the default,
instance/jobs.sqlite: embedded, no server), `redis://HOST:PORT/DB` (production: workers on
several machines share it) or `memory://` (one process; the tests' default).

A feature declares its jobs in its own `tasks.py`:

    @job(retries=lambda config: 4, retry_delay=lambda config: 60, retry_backoff=2)
    def deliver_emails(ids: list[int]) -> None: ...

    @periodic(crontab(minute="*/15"))
    def retry_stale_emails() -> None: ...

and a service enqueues one with `enqueue_after_commit(deliver_emails, ids)` (or gathers items
of one transaction into a single job with `gather_after_commit`). Nothing is enqueued before
the session commits, and nothing at all when it rolls back: a job never sees a row that was not
saved. Each job runs in an app context of its own (its own session and `g`), so it reads
exactly what was committed; a job should check the database again and be harmless to run twice.

A job that fails for the last time (or raises with no retries) is recorded in `failed_jobs`
(app/job_failures.py, from Huey's error signal), where administrators see it and can run it
again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app
from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey
from huey.api import Task, TaskWrapper
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from app.extensions import db

logger = logging.getLogger(__name__)

# A number a job's options take from the configuration (e.g. MAIL_MAX_ATTEMPTS), or a constant.
Setting = int | float | Callable[[Any], int | float]


@dataclass(frozen=True)
class Job:
    """A function that runs in a worker; `name` is how the queue refers to it."""

    function: Callable[..., Any]
    name: str
    retries: Setting = 0
    retry_delay: Setting = 0
    retry_backoff: float = 1
    # Called (in the administrator's request, before its commit) when a failed run is retried
    # from /admin/jobs, with the job's arguments: e.g. to make its rows due again.
    before_retry: Callable[..., None] | None = None
    schedule: Callable[[Any], bool] | None = None  # periodic jobs: huey's crontab(...)

    def __call__(self, *args: Any) -> Any:
        """Run it here and now (a CLI command, a test)."""
        return self.function(*args)


_JOBS: dict[str, Job] = {}


def _register(function: Callable[..., Any], **options: Any) -> Job:
    declared = Job(function, f"{function.__module__}.{function.__qualname__}", **options)
    _JOBS[declared.name] = declared
    return declared


def job(
    *,
    retries: Setting = 0,
    retry_delay: Setting = 0,
    retry_backoff: float = 1,
    before_retry: Callable[..., None] | None = None,
) -> Callable[[Callable[..., Any]], Job]:
    """Declare a job. Its arguments travel through the queue: plain values (ids), never ORM
    objects, so that it reads the rows as they are when it runs. Retries wait `retry_delay`
    seconds, multiplied by `retry_backoff` each time."""

    def declare(function: Callable[..., Any]) -> Job:
        return _register(
            function,
            retries=retries,
            retry_delay=retry_delay,
            retry_backoff=retry_backoff,
            before_retry=before_retry,
        )

    return declare


def periodic(schedule: Callable[[Any], bool]) -> Callable[[Callable[..., Any]], Job]:
    """Declare a job the worker runs on a schedule (`huey.crontab(...)`, in UTC) instead of
    cron. Two workers may both start it: it must be harmless to run twice."""

    def declare(function: Callable[..., Any]) -> Job:
        return _register(function, schedule=schedule)

    return declare


class GiveUp(Exception):
    """Raised by a job that must not be retried (there is nothing left to try): it is
    recorded as failed now, whatever retries it had left."""


# --- the queue of one app ----------------------------------------------------------------------


@dataclass
class JobQueue:
    """An app's Huey instance and its tasks, by job name (app.extensions["jobs"])."""

    huey: Huey
    tasks: dict[str, TaskWrapper] = field(default_factory=dict)

    def enqueue(self, name: str, *args: Any) -> None:
        self.tasks[name](*args)

    def run_pending(self, limit: int = 100) -> int:
        """Run the jobs waiting now, here, one after the other (tests, `flask jobs run`);
        how many ran. Jobs scheduled for later (retries) stay scheduled."""
        ran = 0
        while ran < limit:
            task = self.huey.dequeue()
            if task is None:
                break
            self.huey.execute(task)
            ran += 1
        return ran


def make_huey(url: str, name: str = "hopemap") -> Huey:
    """The Huey instance for a JOBS_URL."""
    scheme = urlsplit(url).scheme
    # Results are not kept: a job's outcome is in the database (e.g. a notification's status).
    if scheme == "sqlite":
        return SqliteHuey(name, results=False, filename=url.removeprefix("sqlite:///"))
    if scheme in ("redis", "rediss", "unix"):
        return RedisHuey(name, results=False, url=url)
    if scheme == "memory":
        return MemoryHuey(name, results=False)
    raise ValueError(f"JOBS_URL must start with sqlite:///, redis:// or memory://, not {url!r}")


def init_jobs(app: Flask) -> JobQueue:
    """Bind every declared job to this app's queue; call it once the features' tasks modules
    are imported."""
    queue = JobQueue(make_huey(app.config["JOBS_URL"]))
    for declared in _JOBS.values():
        queue.tasks[declared.name] = _bind(queue.huey, app, declared)
    app.extensions["jobs"] = queue
    return queue


def _setting(value: Setting, config: Any) -> Any:
    return value(config) if callable(value) else value


def _bind(huey: Huey, app: Flask, declared: Job) -> TaskWrapper:
    @wraps(declared.function)
    def in_app_context(*args: Any, task: Task | None = None) -> Any:
        # A context of its own, also when a test runs the job inline inside another one.
        # Deferred transactions, not BEGIN IMMEDIATE: an email job reads its rows, talks to the
        # mail server, then records the outcome, and must not hold SQLite's write lock while the
        # server answers (a silent one would stop every writer for MAIL_TIMEOUT_SECONDS). If a
        # writer got in between, the job's write is refused and Huey runs it again.
        with app.app_context():
            try:
                return declared.function(*args)
            except GiveUp:
                if task is not None:
                    task.retries = 0  # Huey reads it after the error: this is the last run
                raise

    if declared.schedule is not None:

        @wraps(declared.function)
        def alone(*args: Any) -> Any:
            # Several workers (one per machine) each start the periodic jobs: the lock keeps
            # two runs of the same one from overlapping.
            with huey.lock_task(declared.name):
                return in_app_context(*args)

        return huey.periodic_task(declared.schedule, name=declared.function.__qualname__)(alone)
    # Huey names a task "<module>.<name>": the job's own name again.
    return huey.task(
        name=declared.function.__qualname__,
        context=True,
        retries=_setting(declared.retries, app.config),
        retry_delay=_setting(declared.retry_delay, app.config),
        retry_backoff=declared.retry_backoff,
    )(in_app_context)


def job_name(task: Task) -> str:
    """The declared job's name of a task Huey runs."""
    return f"{type(task).__module__}.{task.name}"


def declared_job(name: str) -> Job | None:
    return _JOBS.get(name)


def job_queue() -> JobQueue:
    return current_app.extensions["jobs"]


# --- enqueued after the commit -----------------------------------------------------------------

_PENDING = "jobs_after_commit"  # in Session.info: what this transaction enqueues on commit


@dataclass
class _Pending:
    queue: JobQueue
    calls: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)
    gathered: dict[str, list[Any]] = field(default_factory=dict)


def _pending(session: Session) -> _Pending:
    queue = job_queue()
    pending = session.info.get(_PENDING)
    if pending is None or pending.queue is not queue:
        pending = session.info[_PENDING] = _Pending(queue)
    return pending


def enqueue_after_commit(declared: Job, *args: Any) -> None:
    """Enqueue `declared(*args)` once the session commits; never if it rolls back."""
    _pending(db.session()).calls.append((declared.name, args))


def gather_after_commit(declared: Job, item: Any) -> None:
    """Gather `item` into ONE run of `declared(items)` for everything this transaction gathers
    (e.g. every email of an announcement goes over one connection)."""
    _pending(db.session()).gathered.setdefault(declared.name, []).append(item)


@event.listens_for(Session, "after_commit")
def _enqueue_on_commit(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if pending is None:
        return
    calls = [*pending.calls, *((name, (items,)) for name, items in pending.gathered.items())]
    for name, args in calls:
        try:
            pending.queue.enqueue(name, *args)
        except Exception:
            # The queue's storage is down. The change is saved; each job's sweep (a periodic
            # job) finds what is still due, so the user's action must not fail for this.
            logger.exception("Could not enqueue job %s", name)


@event.listens_for(Session, "after_transaction_end")
def _forget_on_rollback(session: Session, transaction: SessionTransaction) -> None:
    # After a commit the pending jobs are gone already; after a rollback (or a close without a
    # commit) of the outermost transaction they must go too. A savepoint's end changes nothing.
    if transaction.parent is None:
        session.info.pop(_PENDING, None)
