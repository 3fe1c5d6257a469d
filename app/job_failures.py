"""Jobs that failed for good, for administrators to see (/admin/jobs) and run again.

Huey keeps no history of failures; its error signal writes one row here when a job has used up
its retries (or had none). The row says which job, with which arguments, when, and the error,
and stays after a retry (with who retried it and when) as a record.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from typing import Any

from flask import Flask
from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination
from huey import signals as huey_signals
from huey.api import Task
from sqlalchemy import ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.clock import utcnow
from app.dbtypes import UTCDateTime
from app.errors import DomainError
from app.extensions import Model, db
from app.jobs import JobQueue, declared_job, enqueue_after_commit, job_name

logger = logging.getLogger(__name__)

ERROR_LENGTH = 2000  # the error's text, cut: a traceback is in the worker's log


class FailedJob(Model):
    __tablename__ = "failed_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    job_name: Mapped[str] = mapped_column(String(200))
    # The job's arguments as JSON (jobs take plain values: ids, lists of ids).
    arguments: Mapped[str] = mapped_column(Text)
    error: Mapped[str] = mapped_column(Text)
    failed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    retried_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    retried_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    retried_by: Mapped[User | None] = relationship()

    @property
    def argument_values(self) -> list[Any]:
        return json.loads(self.arguments)


class AlreadyRetried(DomainError):
    message = _l("This job was already run again.")


class UnknownJob(DomainError):
    message = _l("This job no longer exists in this version of the site.")


def register_failure_records(app: Flask, queue: JobQueue) -> None:
    """Record every job of this app's queue that fails for the last time."""

    def record(signal: str, task: Task, error: BaseException | None = None) -> None:
        if task.retries:
            return  # it runs again later: not a failure yet
        try:
            with app.app_context():
                record_failure(job_name(task), list(task.args), error)
                db.session.commit()
        except Exception:
            logger.exception("Could not record the failure of job %s", job_name(task))

    queue.huey.signal(huey_signals.SIGNAL_ERROR)(record)


def record_failure(job_name: str, arguments: list[Any], error: BaseException | None) -> FailedJob:
    text = f"{type(error).__name__}: {error}" if error is not None else "?"
    failure = FailedJob(
        job_name=job_name,
        arguments=json.dumps(arguments, default=repr),
        error=text[:ERROR_LENGTH],
    )
    db.session.add(failure)
    db.session.flush()
    return failure


def failed_jobs(page: int = 1, per_page: int = 30) -> Pagination:
    statement = select(FailedJob).order_by(FailedJob.failed_at.desc(), FailedJob.id.desc())
    return db.paginate(statement, page=page, per_page=per_page)


def retry_failed_job(failure: FailedJob, by: User) -> None:
    """Run the failed job again, with the same arguments, once this change is committed."""
    if failure.retried_at is not None:
        raise AlreadyRetried()
    declared = declared_job(failure.job_name)
    if declared is None:
        raise UnknownJob()
    arguments = failure.argument_values
    if declared.before_retry is not None:
        declared.before_retry(*arguments)
    failure.retried_at = utcnow()
    failure.retried_by = by
    enqueue_after_commit(declared, *arguments)
    db.session.flush()
