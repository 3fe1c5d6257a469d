"""The demo's dong office: a dong with Sharing Neighbours, reports in every state and outcome,
today's round of visits (one recorded) and a winter sweep with its visits."""

from __future__ import annotations

from sqlalchemy import func, select

from app.clock import seoul_today
from app.extensions import db
from app.neighbours.models import NeighbourAppointment
from app.reports.models import Report, ReportOutcome, ReportStatus, TriageLevel
from app.visits.models import Sweep, SweepHousehold, Visit


def test_the_demo_has_the_dong_office_s_work_in_every_state(app):
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output

    appointments = db.session.scalars(select(NeighbourAppointment)).all()
    assert len([a for a in appointments if a.is_active()]) >= 3
    dong_id = appointments[0].dong_id

    reports = db.session.scalars(select(Report).where(Report.dong_id == dong_id)).all()
    assert {r.status for r in reports} == set(ReportStatus)
    assert {r.outcome for r in reports if r.outcome} == set(ReportOutcome)
    assert {r.triage_level for r in reports if r.triage_level} == set(TriageLevel)
    assert any(r.from_sharing_neighbour for r in reports)
    assert any(r.assignee_id for r in reports if r.status != ReportStatus.CLOSED)

    today = seoul_today()
    todays = db.session.scalars(
        select(Visit).where(Visit.planned_on == today, Visit.report_id.is_not(None))
    ).all()
    assert len(todays) >= 2 and all(v.round_position for v in todays)
    assert any(v.outcome for v in todays) and any(v.outcome is None for v in todays)
    assert all(v.visitors for v in todays)

    sweep = db.session.scalars(select(Sweep)).one()
    households = db.session.scalar(
        select(func.count(SweepHousehold.id)).where(SweepHousehold.sweep_id == sweep.id)
    )
    swept = db.session.scalars(select(Visit).where(Visit.household_id.is_not(None))).all()
    assert households == len(swept) >= 5
    assert 0 < len([v for v in swept if v.outcome]) < len(swept)


def test_the_demo_s_didimdol_shop_has_its_pledge_on_the_map(app):
    from app.didimdol.pin_models import PledgePin
    from app.pins.models import Pin, PinKind, PinStatus

    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    pins = [db.session.get(Pin, link.pin_id) for link in db.session.scalars(select(PledgePin))]
    assert all(pin.kind == PinKind.OFFER and pin.status == PinStatus.OPEN for pin in pins)
    titles = sorted(pin.title for pin in pins)
    assert "10개 중 8개 남음" in titles[1]  # the haircut: two vouchers issued this month
    assert "30개 중 6개 남음" in titles[0]  # the rice: 24 issued
