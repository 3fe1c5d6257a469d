"""Check-in groups (안부 모임): neighbours who check on each other, against lonely deaths. A
member who misses the group's number of check-ins in a row becomes exactly one urgent
welfare-check report (app.checkins.scan, through app.reports.services.receive_report)."""

from app.checkins import consent_subject, views  # noqa: F401  (registers them)
from app.checkins.blueprint import blueprint

__all__ = ["blueprint"]
