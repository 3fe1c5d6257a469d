"""A dong with a report and a sweep's household, their visits, and the people around them."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

from shapely.geometry import Point

from app.accounts.models import Role
from app.areas.models import AreaLevel
from app.clock import seoul_today
from app.consents.models import LegalBasis
from app.extensions import db
from app.geo import to_db_geometry
from app.reports.models import Report, ReportAbout, Urgency
from app.reports.tracking import new_tracking_code, tracking_hash
from app.vault import blind_index
from app.visits.models import Sweep, SweepHousehold, Visit, VisitKind
from tests.factories import make_area, make_user

PEOPLE = (
    "anonymous",
    "resident",
    "visitor_assigned",
    "visitor_other",
    "staff_here",
    "staff_elsewhere",
    "admin",
)


def make_report(dong, **fields) -> Report:
    report = Report(
        about=ReportAbout.NEIGHBOUR,
        urgency=Urgency.THIS_WEEK,
        what_was_seen=fields.pop("what_was_seen", "우편물이 쌓여 있어요"),
        location=to_db_geometry(Point(126.975, 37.565)),
        dong=dong,
        gu=dong.parent,
        legal_basis=LegalBasis.ART_15_1_5,
        tracking_hash=tracking_hash(new_tracking_code()),
        **fields,
    )
    db.session.add(report)
    db.session.flush()
    return report


def make_household(sweep, dong, address="서울 중구 시험로 1", **fields) -> SweepHousehold:
    phone = fields.pop("phone", "010-2222-3333")
    household = SweepHousehold(
        sweep_id=sweep.id,
        dong=dong,
        name=fields.pop("name", "김이웃"),
        phone=phone,
        phone_index=blind_index("phone", phone),
        address_text=address,
        address_index=blind_index("address", address),
        **fields,
    )
    db.session.add(household)
    db.session.flush()
    return household


def make_visit(dong, day: date | None = None, **fields) -> Visit:
    visit = Visit(dong=dong, planned_on=day or seoul_today(), kind=VisitKind.HOME, **fields)
    db.session.add(visit)
    db.session.flush()
    return visit


def build_world() -> SimpleNamespace:
    gu = make_area(level=AreaLevel.GU, bounds=(126.96, 37.55, 127.00, 37.58))
    dong = make_area(parent=gu, bounds=(126.97, 37.56, 126.98, 37.57))
    other = make_area(parent=gu, bounds=(126.98, 37.56, 126.99, 37.57))
    people = {
        "resident": make_user(),
        "visitor_assigned": make_user(Role.OUTREACH_VISITOR, staff_areas=[dong]),
        "visitor_other": make_user(Role.OUTREACH_VISITOR, staff_areas=[dong]),
        "staff_here": make_user(Role.STAFF, staff_areas=[dong]),
        "staff_elsewhere": make_user(Role.STAFF, staff_areas=[other]),
        "admin": make_user(Role.ADMIN),
    }
    today = seoul_today()
    sweep = Sweep(name="겨울 복지사각지대 발굴", starts_on=today, ends_on=today + timedelta(30))
    sweep.dongs = [dong]
    db.session.add(sweep)
    db.session.flush()
    report = make_report(dong)
    household = make_household(sweep, dong)
    report_visit = make_visit(dong, report=report, round_position=1)
    household_visit = make_visit(dong, household=household)
    for visit in (report_visit, household_visit):
        visit.visitors = [people["visitor_assigned"]]
    db.session.flush()
    return SimpleNamespace(
        gu=gu,
        dong=dong,
        other=other,
        people=people,
        sweep=sweep,
        report=report,
        household=household,
        visit=report_visit,
        household_visit=household_visit,
        today=today,
    )
