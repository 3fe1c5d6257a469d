"""Reports as a subject of consents: a report about oneself carries the reporter's consent to
collection and use; the staff of its dong and gu manage it (app.consents)."""

from __future__ import annotations

from flask import url_for

from app.consents.models import ConsentPurpose
from app.consents.subjects import SubjectKind, register_subject
from app.extensions import db
from app.reports.models import Report
from app.reports.services import REPORT

register_subject(
    REPORT,
    SubjectKind(
        load=lambda report_id: db.session.get(Report, report_id),
        areas=lambda report: [report.dong, report.gu],
        page=lambda report: url_for("reports.staff_show", report_id=report.id),
        speaks_for=lambda viewer, report: (
            report.reporter_id is not None and getattr(viewer, "id", None) == report.reporter_id
        ),
        purposes=frozenset({ConsentPurpose.COLLECTION_AND_USE.value}),
    ),
)
