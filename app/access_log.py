"""The access log: one row per view, edit, export or download of a person's record (PIPA).

Append-only: the app has no code that changes or removes a row but `delete_expired_access_log`
(kept `ACCESS_LOG_KEPT_DAYS`, 730 by default), and the database itself refuses an UPDATE
(a trigger, migration 1216). A row is added in the request's own transaction, so a page that
cannot log what it showed fails instead of showing it (fail closed).

How a later feature logs (a dong officer opening a discovery report)::

    from app.access_log import AccessAction, record_view

    @blueprint.get("/staff/reports/<int:report_id>")
    def report(report_id: int):
        report = load_or_404(DiscoveryReport, report_id, rules.may_view_report)
        record_view("report", report.id, person_id=report.reporter_user_id)  # commits
        return render_template("reports/show.html", report=report)

Inside a POST that already commits through `app.actions.attempt`, call
`record_access("household", h.id, AccessAction.EDIT)` in the service instead; a download or a
break-glass override must give its reason (`reason=`), or `ReasonRequired` is raised.
The author's look at their own record is not logged: pass `person_id` and it is skipped.
"""

from __future__ import annotations

import enum
import hashlib
from datetime import datetime, timedelta

from flask import current_app, has_request_context, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, delete
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import utcnow
from app.dbtypes import UTCDateTime, enum_type
from app.errors import DomainError
from app.extensions import Model, db

REASON_LENGTH = 500


class AccessAction(enum.StrEnum):
    VIEW = "view"
    EDIT = "edit"
    EXPORT = "export"
    DOWNLOAD = "download"
    OVERRIDE = "override"


# A file leaving the site, or a look past the usual rule, has to say why (PIPA safety standard).
NEEDS_REASON = frozenset({AccessAction.DOWNLOAD, AccessAction.OVERRIDE})


class ReasonRequired(DomainError):
    message = _l("Say why you need this: the reason is kept in the access log.")
    field = "reason"


class AccessLogEntry(Model):
    """Who saw or changed whose record, when, from where, and why (for downloads, overrides)."""

    __tablename__ = "access_log"
    __table_args__ = (
        CheckConstraint(
            "action NOT IN ('download', 'override') OR length(trim(coalesce(reason, ''))) > 0",
            name="reason_given",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # No ON DELETE action: a cascade would be a change the log refuses. Accounts are
    # anonymised, never deleted (app.mypage.account_deletion), so the reference holds.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    actor_role: Mapped[str] = mapped_column(String(32))  # the role at the time
    origin_ip: Mapped[str | None] = mapped_column(String(45))
    user_agent: Mapped[str | None] = mapped_column(String(16))  # a short hash: enough to compare
    subject_kind: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[int] = mapped_column(Integer)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[AccessAction] = mapped_column(enum_type(AccessAction, "access_action"))
    reason: Mapped[str | None] = mapped_column(String(REASON_LENGTH))
    route: Mapped[str | None] = mapped_column(String(80))


def _user_agent_hash() -> str | None:
    agent = request.headers.get("User-Agent")
    return hashlib.sha256(agent.encode()).hexdigest()[:16] if agent else None


def record_access(
    subject_kind: str,
    subject_id: int,
    action: AccessAction,
    *,
    person_id: int | None = None,
    reason: str | None = None,
    actor: object | None = None,
) -> AccessLogEntry | None:
    """Add the row to the current transaction and flush it (nothing is committed here).

    Returns None, logging nothing, when the actor is the data subject looking at their own
    record (a download of one's own data is logged: it is a copy leaving the site)."""
    reason = (reason or "").strip() or None
    if action in NEEDS_REASON and reason is None:
        raise ReasonRequired()
    who = actor if actor is not None else current_user
    actor_id = getattr(who, "id", None) if getattr(who, "is_authenticated", False) else None
    if person_id is not None and actor_id == person_id and action != AccessAction.DOWNLOAD:
        return None
    in_request = has_request_context()
    entry = AccessLogEntry(
        actor_id=actor_id,
        actor_role=str(getattr(who, "role", "anonymous") if actor_id else "anonymous"),
        # remote_addr is already the client's address where app.serving trusts a proxy.
        origin_ip=request.remote_addr if in_request else None,
        user_agent=_user_agent_hash() if in_request else None,
        subject_kind=subject_kind,
        subject_id=subject_id,
        person_id=person_id,
        action=action,
        reason=reason,
        route=(request.endpoint or "")[:80] if in_request else None,
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def record_view(
    subject_kind: str, subject_id: int, *, person_id: int | None = None
) -> AccessLogEntry | None:
    """For a GET page that shows a person's record: log it and commit before the page is
    drawn, so that a view the log could not keep is never shown (the commit raises: a 500)."""
    entry = record_access(subject_kind, subject_id, AccessAction.VIEW, person_id=person_id)
    if entry is not None:
        db.session.commit()
    return entry


def kept_days() -> int:
    return int(current_app.config["ACCESS_LOG_KEPT_DAYS"])


def delete_expired_access_log(now: datetime | None = None) -> int:
    """Rows older than the retention period, for the retention job: the only deletion."""
    cutoff = (now or utcnow()) - timedelta(days=kept_days())
    result = db.session.execute(delete(AccessLogEntry).where(AccessLogEntry.at < cutoff))
    db.session.flush()
    return int(getattr(result, "rowcount", 0) or 0)
