"""The core's retention rules (app.retention): one-time submission keys, failed jobs and, once
it exists, the access log.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.access_log import AccessLogEntry
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


# The access log itself (PIPA's safety standards: at least 2 years where sensitive data of many
# people is held). Its rows are deleted here only: the database refuses to change them.
retention_rule(
    "access_log",
    AccessLogEntry,
    period=lambda config: f"P{int(config['ACCESS_LOG_KEPT_DAYS'])}D",
    due=lambda cutoff: AccessLogEntry.at < cutoff,
    erase=DeleteRows(),
    description=_l("Access log entries"),
)
