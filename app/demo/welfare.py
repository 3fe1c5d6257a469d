"""The dong office's side of the demo: one dong of Jongno-gu with Sharing Neighbours, reports in
every state (new, triaged, assigned, closed with each outcome), today's round of visits and a
winter sweep. Through the features' own services, so the rows are what the site itself makes.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select

from app.accounts.models import User, new_session_token
from app.areas.models import Area
from app.clock import seoul_today, utcnow
from app.demo import welfare_data as data
from app.extensions import db
from app.neighbours.models import NeighbourKind
from app.neighbours.services import Pledge, appoint
from app.reports.models import CrisisType, Report, ReportAbout, ReportOutcome, TriageLevel, Urgency
from app.reports.services import ReportDetails, receive_report
from app.reports.triage import acknowledge, assign, close, triage
from app.visits.household_csv import HouseholdLine
from app.visits.models import Visit, VisitKind, VisitOutcome
from app.visits.services import plan_report_visit
from app.visits.sweeps import create_sweep, import_households

PLEDGE_VERSION = "2026-12"


def load_demo_welfare(users: dict[str, User], gu_by_code: dict[str, Area], email_domain: str):
    gu = gu_by_code["11110"]  # Jongno-gu, whose staff member and visitor the demo has
    dong = db.session.scalars(
        select(Area).where(Area.parent_id == gu.id).order_by(Area.code).limit(1)
    ).one()
    staff, visitor = users["staff.jongno"], users["visitor"]
    neighbours = _sharing_neighbours(dong, staff, email_domain)
    reports = _reports(dong, staff, neighbours)
    _todays_round(dong, staff, visitor, reports)
    _winter_sweep(dong, staff, visitor)


def _sharing_neighbours(dong: Area, staff: User, email_domain: str) -> list[User]:
    locked = "!" + new_session_token()  # nobody logs in as them (no password can match)
    today = seoul_today()
    people = []
    for local_part, name, kind in data.SHARING_NEIGHBOURS:
        person = User(
            email=f"{local_part}@{email_domain}",
            display_name=name,
            password_hash=locked,
            preferred_language="ko",
        )
        db.session.add(person)
        db.session.flush()
        appoint(
            person.email,
            dong,
            NeighbourKind(kind),
            kind_other="",
            term_starts_on=today - timedelta(days=60),
            term_ends_on=today + timedelta(days=305),
            pledge=Pledge(signed_on=today - timedelta(days=60), version=PLEDGE_VERSION),
            staff=staff,
        )
        people.append(person)
    return people


def _place(rng: random.Random, dong: Area) -> tuple[float, float]:
    """A point well inside the dong: near the middle of its bounding box, tried until inside."""
    from app.areas.services import dong_and_gu_at

    minx, miny, maxx, maxy = _bounds(dong)
    for _ in range(200):
        lon = minx + (maxx - minx) * rng.uniform(0.35, 0.65)
        lat = miny + (maxy - miny) * rng.uniform(0.35, 0.65)
        found = dong_and_gu_at(lon, lat).dong
        if found is not None and found.id == dong.id:
            return round(lon, 6), round(lat, 6)
    raise RuntimeError(f"no point found inside {dong.code}")


def _bounds(dong: Area) -> tuple[float, float, float, float]:
    from app.geo import from_db_geometry

    return from_db_geometry(dong.geom).bounds


def _reports(dong: Area, staff: User, neighbours: list[User]) -> list[Report]:
    rng = random.Random(14)
    reports: list[Report] = []
    for about, crises, urgency, words_ko, words_en, state, by in data.REPORTS:
        lon, lat = _place(rng, dong)
        english = by is not None and by == 2  # the meter reader writes in English
        details = ReportDetails(
            about=ReportAbout(about),
            crisis_types=[CrisisType(c) for c in crises],
            urgency=Urgency(urgency),
            what_was_seen=words_en if english else words_ko,
            lon=lon,
            lat=lat,
        )
        report = receive_report(details, neighbours[by] if by is not None else None).report
        _bring_to(report, state, staff, reports)
        reports.append(report)
    return reports


def _bring_to(report: Report, state: str, staff: User, earlier: list[Report]) -> None:
    step, _, detail = state.partition(":")
    if step == "new":
        return
    level = TriageLevel(detail) if step in ("triaged", "assigned") else TriageLevel.NORMAL
    triage(report, staff, level)
    if step == "triaged":
        return
    if level == TriageLevel.EMERGENCY:
        acknowledge(report, staff)
    assign(report, staff, staff)
    if step == "closed":
        outcome = ReportOutcome(detail)
        merged_into = earlier[0].id if outcome == ReportOutcome.DUPLICATE else None
        close(report, staff, outcome, merged_into_id=merged_into)


def _todays_round(dong: Area, staff: User, visitor: User, reports: list[Report]) -> None:
    """The open reports that were triaged, in today's round with the visitor and the officer;
    the first one already visited. Visits of the closed reports lie in the past, recorded."""
    today = seoul_today()
    open_triaged = [r for r in reports if r.triage_level is not None and r.closed_at is None]
    for position, report in enumerate(open_triaged):
        kind = VisitKind.JOINT_WITH_NURSE if position == 0 else VisitKind.HOME
        visit = plan_report_visit(report, dong, today, kind, staff)
        visit.visitors = [visitor, staff]
        if position == 0:
            _recorded(visit, VisitOutcome.MET_AND_ASSESSED, visitor, today + timedelta(days=14))
    past = {
        ReportOutcome.CASE_OPENED: VisitOutcome.MET_AND_ASSESSED,
        ReportOutcome.REFERRED: VisitOutcome.URGENT_REFERRAL,
        ReportOutcome.UNABLE_TO_LOCATE: VisitOutcome.NOT_HOME,
        ReportOutcome.NO_NEED: VisitOutcome.NO_NEED,
    }
    for back, report in enumerate(r for r in reports if r.outcome in past):
        day = today - timedelta(days=3 + back)
        visit = Visit(dong=dong, report=report, planned_on=day, kind=VisitKind.HOME)
        visit.visitors = [visitor]
        db.session.add(visit)
        assert report.outcome is not None
        _recorded(visit, past[report.outcome], visitor, None)
    db.session.flush()


def _recorded(visit: Visit, outcome: VisitOutcome, visitor: User, next_on: date | None) -> None:
    visit.outcome = outcome
    visit.notes = (
        "어르신과 상담함. 난방비 지원 신청 안내."
        if outcome == VisitOutcome.MET_AND_ASSESSED
        else ""
    )
    visit.next_visit_on = next_on
    visit.recorded_by = visitor
    visit.recorded_at = utcnow()


def _winter_sweep(dong: Area, staff: User, visitor: User) -> None:
    today = seoul_today()
    name_ko, _name_en = data.SWEEP_NAME
    sweep = create_sweep(
        name_ko, today - timedelta(days=7), today + timedelta(days=30), [dong], staff
    )
    lines = [
        HouseholdLine(line=n + 2, name=name, phone=phone, address=address, dong=dong, notes=notes)
        for n, (name, phone, address, notes) in enumerate(data.SWEEP_HOUSEHOLDS)
    ]
    import_households(sweep, lines, planned_on=today)
    db.session.flush()
    visits = db.session.scalars(
        select(Visit).where(Visit.household_id.is_not(None)).order_by(Visit.id)
    ).all()
    for visit, outcome in zip(visits, (VisitOutcome.NOT_HOME, VisitOutcome.REFUSED), strict=False):
        visit.visitors = [visitor]
        _recorded(visit, outcome, visitor, today + timedelta(days=7))
    db.session.flush()
