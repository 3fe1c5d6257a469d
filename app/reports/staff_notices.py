"""What the dong's and the gu's staff are told about reports: the report's number, its dong,
its level and a link, never the person, the words or the place (a notification is emailed)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.accounts.models import User, staff_areas
from app.extensions import db
from app.notifications.addressing import local_path
from app.notifications.models import NotificationKind
from app.notifications.services import notify_all
from app.permissions import ROLE_POWERS, Power
from app.reports.models import Report


def staff_holding(area_id: int | None) -> list[User]:
    """The staff assigned to this area itself (not those of the areas around or above it)."""
    if area_id is None:
        return []
    statement = (
        select(User)
        .join(staff_areas, staff_areas.c.user_id == User.id)
        .where(staff_areas.c.area_id == area_id, User.role.in_(ROLE_POWERS[Power.STAFF_WORK]))
        .order_by(User.id)
    )
    return list(db.session.scalars(statement))


def dong_staff(report: Report) -> list[User]:
    """The dong's staff, or the gu's where nobody holds the dong yet: never nobody."""
    return staff_holding(report.dong_id) or staff_holding(report.gu_id)


def _dong_name(report: Report):
    return lambda: report.dong.name if report.dong is not None else ""


def tell_dong_of_new_report(report: Report) -> None:
    notify_all(
        dong_staff(report),
        NotificationKind.REPORT_RECEIVED,
        link=local_path("reports.staff_show", report_id=report.id),
        subject=_l("New report #%(number)s in %(dong)s"),
        body=_l("Report #%(number)s arrived for %(dong)s. Triage it in the dong inbox."),
        number=report.id,
        dong=_dong_name(report),
    )


def tell_dong_of_emergency(report: Report) -> None:
    notify_all(
        dong_staff(report),
        NotificationKind.REPORT_EMERGENCY,
        link=local_path("reports.staff_show", report_id=report.id),
        subject=_l("Emergency: report #%(number)s in %(dong)s"),
        body=_l(
            "Report #%(number)s in %(dong)s was triaged an emergency. Whoever takes it, "
            "acknowledge it on its page; otherwise it goes to the gu's coordinator."
        ),
        number=report.id,
        dong=_dong_name(report),
    )


def tell_gu_of_escalation(report: Report) -> None:
    notify_all(
        staff_holding(report.gu_id),
        NotificationKind.REPORT_ESCALATED,
        link=local_path("reports.staff_show", report_id=report.id),
        subject=_l("Escalated: report #%(number)s in %(dong)s"),
        body=_l(
            "Emergency report #%(number)s in %(dong)s was not acknowledged in time by the "
            "dong. Please see to it."
        ),
        number=report.id,
        dong=_dong_name(report),
    )
