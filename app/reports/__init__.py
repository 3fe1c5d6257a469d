"""Confidential reports: anyone tells the dong "I need help" or "I'm worried about a neighbour";
the report goes to the staff of the dong holding the place and never to the public map."""

from app.reports import consent_subject, staff_views, views  # noqa: F401  (registers them)
from app.reports.blueprint import blueprint

__all__ = ["blueprint"]
