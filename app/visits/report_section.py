"""The "Visits" section of a report's staff page (app.reports.related): its visits with their
day, kind and outcome, and a way to plan one in the dong's round."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from app.extensions import db
from app.labels import label
from app.reports.models import Report, ReportStatus
from app.reports.related import RelatedLine, RelatedSection, register_related
from app.visits.models import Visit


def visits_section(report: Report) -> RelatedSection:
    visits = db.session.scalars(
        select(Visit).where(Visit.report_id == report.id).order_by(Visit.planned_on, Visit.id)
    )
    lines = [
        RelatedLine(
            _(
                "%(day)s · %(kind)s · %(outcome)s",
                day=visit.planned_on.isoformat(),
                kind=label(visit.kind),
                outcome=label(visit.outcome) if visit.outcome else _("not recorded yet"),
            ),
            url_for("visits.show", visit_id=visit.id),
        )
        for visit in visits
    ]
    action = None
    if report.status != ReportStatus.CLOSED and report.dong_id is not None:
        action = RelatedLine(
            _("Plan a visit in the dong's round"),
            url_for("visits.round_page", dong_id=report.dong_id, report=report.id),
        )
    return RelatedSection(_("Visits"), lines, action)


def register() -> None:
    register_related(visits_section)
