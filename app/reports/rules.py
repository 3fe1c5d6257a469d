"""Who may see and change a report: only the staff of its dong or of the dong's gu (which
includes an administrator only once they assign themselves the area, app.permissions)."""

from __future__ import annotations

from typing import Any

from app.permissions import is_staff_for_area
from app.reports.models import Report


def may_view_report(user: Any, report: Report) -> bool:
    return is_staff_for_area(user, report.dong) or (
        report.dong is None and is_staff_for_area(user, report.gu)
    )


def may_change_status(user: Any, report: Report) -> bool:
    return may_view_report(user, report)


def may_work_on_report(user: Any, report: Report) -> bool:
    """Triage, acknowledge, assign, close: whoever may open it (the dong's and the gu's staff)."""
    return may_view_report(user, report)
