"""The reports' retention rule (app.retention): what a closed report keeps, and for how long.

Once a report is closed and the period has passed (REPORT_KEPT_YEARS, 3 by default; the
privacy officer may set `RETENTION["report_identifying_fields"]`), everything that could name
the person or the reporter goes: the words, the name, the phone and its blind index, the
reporter's contact, the photo, the staff's notes (also those of its history, whose steps,
actors and dates stay); the exact point becomes the centre of the
map's grid cell around it. The row stays with its dong, gu, crisis types, urgency, status and
dates, so the dong's counts of reports do not change.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from shapely.geometry import Point
from sqlalchemy import func, update

from app.extensions import db
from app.geo import to_db_geometry
from app.pins.privacy import current_grid
from app.reports.models import Report, ReportEvent, ReportStatus
from app.reports.services import exact_point
from app.retention import EraseEach, retention_rule


def _kept_years(config) -> str:
    return f"P{int(config['REPORT_KEPT_YEARS'])}Y"


def _closed_before(cutoff: datetime):
    return (Report.status == ReportStatus.CLOSED) & (Report.closed_at < cutoff)


def forget_who(report: Report, now: datetime) -> None:
    lon, lat = exact_point(report)
    report.location = to_db_geometry(Point(*current_grid().cell_centre(lon, lat)))
    report.what_was_seen = ""
    report.person_name = ""
    report.person_phone = ""
    report.person_phone_index = None
    report.reporter_contact = ""
    report.photo = None
    report.status_note = ""
    # The history's database trigger lets the sealed note change, and nothing else of a step.
    db.session.execute(
        update(ReportEvent)
        .where(ReportEvent.report_id == report.id, func.length(ReportEvent.note) > 0)
        .values(note="")
        .execution_options(synchronize_session=False)
    )
    report.identifying_erased_at = now


retention_rule(
    "report_identifying_fields",
    Report,
    period=_kept_years,
    due=_closed_before,
    erase=EraseEach(forget_who, lambda: Report.identifying_erased_at.is_(None)),
    description=_l(
        "Closed confidential reports: the words, names, phones, contact, photo and exact point"
    ),
)
