"""Confidential reports: anyone tells the dong "I need help" or "I'm worried about a neighbour";
the report goes to the staff of the dong holding the place and never to the public map."""

from app.reports import (  # noqa: F401  (registers them)
    consent_subject,
    inbox_views,
    staff_views,
    views,
    work_views,
)
from app.reports.blueprint import blueprint

__all__ = ["blueprint"]
