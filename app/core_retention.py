"""The core's retention rules (app.retention): one-time submission keys, failed jobs and, once
it exists, the access log.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from app.extensions import Model, db
from app.job_failures import FailedJob
from app.retention import DeleteRows, retention_rule
from app.submissions import KEPT, Submission

retention_rule(
    "submission_keys",
    Submission,
    # The keys' own lifetime (app.submissions.KEPT): after it they stop nothing.
    period=f"P{KEPT.days}D",
    due=lambda cutoff: Submission.created_at < cutoff,
    erase=DeleteRows(),
    description=_l("One-time keys of sent forms"),
)

retention_rule(
    "failed_jobs",
    FailedJob,
    # A job's arguments may hold an address; 90 days is ample to retry it or learn why it failed.
    period="P90D",
    due=lambda cutoff: FailedJob.failed_at < cutoff,
    erase=DeleteRows(),
    description=_l("Failed background jobs and their arguments"),
)


def register_access_log_rule(model: Any, clock: str = "created_at") -> None:
    """The access log's rule (app.access_log, built alongside): rows older than
    ACCESS_LOGS_KEPT_YEARS (2 by default, PIPA's safety standards) are deleted. Called once the
    access log's model exists, with the model and the name of its time column."""
    time = getattr(model, clock)
    retention_rule(
        "access_log",
        model,
        period=lambda config: f"P{int(config['ACCESS_LOGS_KEPT_YEARS'])}Y",
        due=lambda cutoff: time < cutoff,
        erase=DeleteRows(),
        description=_l("Access log entries"),
    )


def register_access_log_rule_if_present() -> None:
    """The access log's rule when its table is among the models (after the merge), else none."""
    if "access_log" not in db.metadata.tables:
        return
    for mapper in Model.registry.mappers:
        if getattr(mapper.class_, "__tablename__", None) == "access_log":
            columns = mapper.columns.keys()
            times = ("created_at", "accessed_at", "viewed_at", "at")
            clock = next(name for name in times if name in columns)
            register_access_log_rule(mapper.class_, clock)
