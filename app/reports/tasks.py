"""The reports' periodic job: escalate the emergencies nobody acknowledged in time."""

from __future__ import annotations

from huey import crontab

from app.jobs import periodic
from app.reports.escalation import escalate_due_emergencies


# Every five minutes: escalation is counted in office hours, so five minutes late is the worst.
# A second run (another worker) finds each report already claimed.
@periodic(crontab(minute="*/5"))
def escalate_emergencies() -> None:
    escalate_due_emergencies()
