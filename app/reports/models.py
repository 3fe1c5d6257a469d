"""A confidential report and the crisis types it names.

Nothing here is public. The exact point is deferred: it is loaded only when the service layer
asks for it (app.reports.services.exact_point), for the dong's staff. Names, phones, words and
the photo are sealed at rest (app/vault.py); the phone also has a blind index for look-ups.
"""

from __future__ import annotations

import enum
from datetime import datetime

from geoalchemy2 import WKBElement
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.areas.models import Area
from app.clock import utcnow
from app.consents.models import LegalBasis
from app.dbtypes import UTCDateTime, enum_type
from app.extensions import Model
from app.geo import PointColumn
from app.vault import BlindIndex, EncryptedBytes, EncryptedText
from app.workdays import EMERGENCY, NORMAL, URGENT


class ReportAbout(enum.StrEnum):
    SELF = "self"
    NEIGHBOUR = "neighbour"


class CrisisType(enum.StrEnum):
    LIVELIHOOD = "livelihood"
    HOUSING = "housing"
    UTILITIES_CUT_OFF = "utilities_cut_off"
    HEATING = "heating"
    HEALTH = "health"
    ISOLATION = "isolation"  # isolation or the risk of a lonely death
    CARE = "care"
    DEBT = "debt"
    SAFETY = "safety"
    OTHER = "other"


class Urgency(enum.StrEnum):
    """As the reporter sees it: the dong triages for itself."""

    TODAY = "today"
    THIS_WEEK = "this_week"
    NOT_URGENT = "not_urgent"


class ReportChannel(enum.StrEnum):
    """How a report reached the dong: the public figures count discoveries by it."""

    WEB = "web"  # the site's form, signed in or not
    OPEN311 = "open311"  # a partner's system (a hotline's call-takers, a national app's bridge)
    CHECKIN = "checkin"  # made by the site: a check-in group's member missed their check-ins


class ReportStatus(enum.StrEnum):
    RECEIVED = "received"
    IN_REVIEW = "in_review"
    CLOSED = "closed"


class TriageLevel(enum.StrEnum):
    """The dong's own reading of a report, with the deadlines of app.workdays."""

    EMERGENCY = EMERGENCY  # the same working day
    URGENT = URGENT  # two working days
    NORMAL = NORMAL  # seven working days


class ReportOutcome(enum.StrEnum):
    """What came of a closed report (the reporter is only ever told "closed")."""

    CASE_OPENED = "case_opened"
    REFERRED = "referred"
    NO_NEED = "no_need"
    UNABLE_TO_LOCATE = "unable_to_locate"
    DUPLICATE = "duplicate"  # merged into another report of the same dong


class ReportEventKind(enum.StrEnum):
    TRIAGED = "triaged"
    ACKNOWLEDGED = "acknowledged"
    ASSIGNED = "assigned"
    ESCALATED = "escalated"
    STATUS_CHANGED = "status_changed"
    CLOSED = "closed"


# The only forward moves: a report is never reopened by a status change (a new report is).
NEXT_STATUSES = {
    ReportStatus.RECEIVED: (ReportStatus.IN_REVIEW, ReportStatus.CLOSED),
    ReportStatus.IN_REVIEW: (ReportStatus.CLOSED,),
    ReportStatus.CLOSED: (),
}


class Report(Model):
    """One report. `legal_basis` is set when it is about a neighbour: they did not consent, and
    the dong may still collect it to protect life and safety (PIPA art. 15(1)3 and 5); a report
    about oneself has a consent record instead (app.consents, subject kind "report")."""

    __tablename__ = "reports"
    __table_args__ = (
        CheckConstraint(
            "about = 'self' OR legal_basis IS NOT NULL", name="neighbour_report_has_legal_basis"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    about: Mapped[ReportAbout] = mapped_column(enum_type(ReportAbout, "report_about"))
    urgency: Mapped[Urgency] = mapped_column(enum_type(Urgency, "report_urgency"))
    what_was_seen: Mapped[str] = mapped_column(EncryptedText("reports.what_was_seen"))
    location: Mapped[WKBElement] = mapped_column(PointColumn, deferred=True)
    dong_id: Mapped[int | None] = mapped_column(
        ForeignKey("areas.id", ondelete="SET NULL"), index=True
    )
    gu_id: Mapped[int | None] = mapped_column(
        ForeignKey("areas.id", ondelete="SET NULL"), index=True
    )
    person_name: Mapped[str] = mapped_column(EncryptedText("reports.person_name"), default="")
    person_phone: Mapped[str] = mapped_column(EncryptedText("reports.person_phone"), default="")
    person_phone_index: Mapped[str | None] = mapped_column(BlindIndex, index=True)
    reporter_contact: Mapped[str] = mapped_column(
        EncryptedText("reports.reporter_contact"), default=""
    )
    # Cleaned of EXIF (app.photos) and sealed in the row: no file on disk to leak or forget.
    photo: Mapped[bytes | None] = mapped_column(EncryptedBytes("reports.photo"), deferred=True)
    status: Mapped[ReportStatus] = mapped_column(
        enum_type(ReportStatus, "report_status"), default=ReportStatus.RECEIVED
    )
    status_note: Mapped[str] = mapped_column(EncryptedText("reports.status_note"), default="")
    status_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status_changed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # When retention (app.reports.retention) erased what could name anyone: nobody knows more.
    identifying_erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    legal_basis: Mapped[LegalBasis | None] = mapped_column(
        enum_type(LegalBasis, "report_legal_basis")
    )
    reporter_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    channel: Mapped[ReportChannel] = mapped_column(
        enum_type(ReportChannel, "report_channel"),
        default=ReportChannel.WEB,
        server_default=ReportChannel.WEB.value,
    )
    # Sent by a Sharing Neighbour whose appointment in the report's dong was active that day:
    # kept on the row, as the appointment may later lapse or be revoked.
    from_sharing_neighbour: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    # The dong's triage (app.reports.triage): the level, when and by whom, and the deadline
    # counted in Korean working days from that moment. Re-triage replaces them (the history keeps
    # each one).
    triage_level: Mapped[TriageLevel | None] = mapped_column(
        enum_type(TriageLevel, "report_triage_level")
    )
    triaged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # No ON DELETE action on these references: accounts are anonymised, never deleted, and
    # reports are never deleted either (retention erases their words, the row stays). SQLite
    # adds them inside ADD COLUMN, where it keeps no action its reflection could read back.
    triaged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Set once, by the conditional UPDATE that claims the escalation (app.reports.escalation).
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    outcome: Mapped[ReportOutcome | None] = mapped_column(
        enum_type(ReportOutcome, "report_outcome")
    )
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"))
    # SHA-256 of the normalised code (app.reports.tracking): the code itself is shown once.
    tracking_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The form's one-time submission key when sent signed out (app.submissions keeps only
    # signed-in people's keys): the same form sent twice saves one report.
    submission_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    dong: Mapped[Area | None] = relationship(foreign_keys=[dong_id])
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    gu: Mapped[Area | None] = relationship(foreign_keys=[gu_id])
    crises: Mapped[list[ReportCrisis]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="ReportCrisis.crisis"
    )

    @property
    def crisis_types(self) -> list[CrisisType]:
        return [c.crisis for c in self.crises]

    def __repr__(self) -> str:
        return f"<Report {self.id} {self.status}>"


class ReportCrisis(Model):
    """A crisis type a report names: a row each, so the inbox can filter by type in SQL."""

    __tablename__ = "report_crises"

    report_id: Mapped[int] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True
    )
    crisis: Mapped[CrisisType] = mapped_column(
        enum_type(CrisisType, "report_crisis_type"), primary_key=True
    )


class ReportEvent(Model):
    """One step in a report's history: what happened, who did it and when, with a sealed note.

    Append-only, held by the database (triggers, migration 1231): nothing but the note may
    change, and the note only to be re-sealed under a new key (app.vault_rotation) or erased by
    retention (app.reports.retention). Rows go only with their report.
    """

    __tablename__ = "report_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ReportEventKind] = mapped_column(enum_type(ReportEventKind, "report_event_kind"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # No ON DELETE action (as in the access log): accounts are anonymised, never deleted.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # What the step set: a level, a status, an outcome, the assignee's id, a merged report's id.
    detail: Mapped[str] = mapped_column(String(64), default="")
    note: Mapped[str] = mapped_column(EncryptedText("report_events.note"), default="")

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
