"""Receiving a report, routing it to its dong, and the dong's status changes. Flush, never
commit. The exact point is written and read here only (`exact_point`): no page or query of
another feature touches `Report.location`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from shapely.geometry import Point
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload, undefer

from app.accounts.models import User
from app.actions import flush_once
from app.areas.places import any_dong_imported
from app.areas.services import dong_and_gu_at
from app.clock import seoul_today, utcnow
from app.consents.models import ConsentMethod, ConsentPurpose, LegalBasis
from app.consents.services import record_consent
from app.consents.subjects import Subject
from app.extensions import db
from app.geo import from_db_geometry, to_db_geometry
from app.neighbours.reports_hook import is_active_neighbour
from app.reports.errors import AlreadySent, NoAreasYet, NotANextStatus, PlaceNotServed
from app.reports.history import record_event
from app.reports.models import (
    NEXT_STATUSES,
    CrisisType,
    Report,
    ReportAbout,
    ReportChannel,
    ReportCrisis,
    ReportEventKind,
    ReportStatus,
    Urgency,
)
from app.reports.staff_notices import tell_dong_of_new_report
from app.reports.tracking import new_tracking_code, normalise_code, tracking_hash
from app.vault import blind_index

REPORT = "report"  # the subject kind of consents and of the access log
# The words of the report form a reporter about themselves agrees to; a new wording gets a new
# version so that each consent record says which one it was.
REPORT_FORM_NOTICE = "report-form-2026-12"
# A neighbour did not agree: the dong collects it to protect their life and safety.
NEIGHBOUR_LEGAL_BASIS = LegalBasis.ART_15_1_5


@dataclass(frozen=True)
class ReportDetails:
    about: ReportAbout
    crisis_types: Sequence[CrisisType]
    urgency: Urgency
    what_was_seen: str
    lon: float
    lat: float
    person_name: str = ""
    person_phone: str = ""
    reporter_contact: str = ""
    photo: bytes | None = None
    channel: ReportChannel = ReportChannel.WEB


@dataclass(frozen=True)
class ReceivedReport:
    report: Report
    tracking_code: str  # shown once, never stored

    @property
    def id(self) -> int:  # app.submissions.attempt_once keeps the id of what it made
        return self.report.id


def receive_report(
    details: ReportDetails, reporter: User | None, submission_key: str | None = None
) -> ReceivedReport:
    """Save the report in the dong holding the point, or refuse at the place's field.
    `submission_key` is the form's, for a report sent signed out (see Report.submission_key)."""
    if submission_key is not None and sent_before(submission_key):
        raise AlreadySent()
    found = dong_and_gu_at(details.lon, details.lat)
    if found.dong is None:
        raise PlaceNotServed() if any_dong_imported() else NoAreasYet()
    code = new_tracking_code()
    phone = details.person_phone.strip()
    report = Report(
        about=details.about,
        urgency=details.urgency,
        what_was_seen=details.what_was_seen.strip(),
        location=to_db_geometry(Point(details.lon, details.lat)),
        dong=found.dong,
        gu=found.gu,
        person_name=details.person_name.strip(),
        person_phone=phone,
        person_phone_index=blind_index("phone", phone),
        reporter_contact=details.reporter_contact.strip(),
        photo=details.photo,
        legal_basis=NEIGHBOUR_LEGAL_BASIS if details.about == ReportAbout.NEIGHBOUR else None,
        reporter_id=reporter.id if reporter is not None else None,
        channel=details.channel,
        from_sharing_neighbour=(
            reporter is not None and is_active_neighbour(reporter, found.dong.id, seoul_today())
        ),
        tracking_hash=tracking_hash(code),
        submission_key=submission_key,
        crises=[ReportCrisis(crisis=c) for c in dict.fromkeys(details.crisis_types)],
    )
    db.session.add(report)
    flush_once(AlreadySent)  # the same form at the same instant: its twin is refused here
    if details.about == ReportAbout.SELF:
        # The form's consent box is required for a report about oneself (app.reports.forms).
        record_consent(
            Subject(REPORT, report.id),
            ConsentPurpose.COLLECTION_AND_USE,
            method=ConsentMethod.ONLINE,
            given_on=seoul_today(),
            obtained_by=None,
            notice_version=REPORT_FORM_NOTICE,
            person=reporter,
        )
    tell_dong_of_new_report(report)
    return ReceivedReport(report, code)


def sent_before(submission_key: str) -> bool:
    found = select(Report.id).where(Report.submission_key == submission_key).limit(1)
    return db.session.scalar(found) is not None


def report_by_code(typed: str) -> Report | None:
    code = normalise_code(typed)
    if code is None:
        return None
    return db.session.scalars(
        select(Report).where(Report.tracking_hash == tracking_hash(code))
    ).first()


def exact_point(report: Report) -> tuple[float, float]:
    """For the dong's staff only (the view checks app.reports.rules and logs the view)."""
    point = from_db_geometry(report.location)
    return point.x, point.y


def change_status(report: Report, staff: User, status: ReportStatus, note: str) -> None:
    if status not in NEXT_STATUSES[report.status]:
        raise NotANextStatus()
    now = utcnow()
    report.status = status
    report.status_note = note.strip()
    report.status_changed_at = now
    report.status_changed_by_id = staff.id
    if status == ReportStatus.CLOSED:
        report.closed_at = now
    db.session.flush()
    record_event(report, ReportEventKind.STATUS_CHANGED, staff, detail=status.value, note=note)


# --- queries ------------------------------------------------------------------------------------


def reports_for_staff(staff: User) -> list[Report]:
    """The reports of the staff member's areas (a gu's staff see its dongs'), newest first."""
    area_ids = [a.id for a in staff.staff_areas]
    if not area_ids:
        return []
    statement = (
        select(Report)
        .where(or_(Report.dong_id.in_(area_ids), Report.gu_id.in_(area_ids)))
        .options(selectinload(Report.crises), selectinload(Report.dong))
        .order_by(Report.created_at.desc(), Report.id.desc())
    )
    return list(db.session.scalars(statement))


def reports_of(reporter: User) -> list[Report]:
    """A signed-in reporter's own reports (for /my: the status words and the date only)."""
    statement = (
        select(Report)
        .where(Report.reporter_id == reporter.id)
        .order_by(Report.created_at.desc(), Report.id.desc())
    )
    return list(db.session.scalars(statement))


def load_with_point(report_id: int) -> Report | None:
    return db.session.get(Report, report_id, options=[undefer(Report.location)])
