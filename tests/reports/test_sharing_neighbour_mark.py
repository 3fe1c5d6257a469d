"""A report sent by a Sharing Neighbour with an active appointment in the report's dong is marked
as theirs, and stays marked when the appointment later ends (the mark is of the day it came)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.accounts.models import Role, User
from app.areas.models import Area, AreaLevel
from app.clock import seoul_today
from app.extensions import db
from app.neighbours.models import NeighbourAppointment, NeighbourKind
from app.neighbours.services import revoke
from app.reports.models import Report, ReportChannel
from tests.factories import login, make_area, make_user
from tests.reports.test_reports import IN_FIRST, IN_SECOND, report_form


@pytest.fixture
def dongs():
    gu = make_area(level=AreaLevel.GU, bounds=(126.96, 37.55, 127.00, 37.58))
    first = make_area(parent=gu, bounds=(126.97, 37.56, 126.98, 37.57))
    second = make_area(parent=gu, bounds=(126.98, 37.56, 126.99, 37.57))
    return first, second


def appoint(person: User, dong: Area, starts_in_days: int = -30) -> NeighbourAppointment:
    today = seoul_today()
    appointment = NeighbourAppointment(
        person=person,
        dong=dong,
        kind=NeighbourKind.POSTAL_CARRIER,
        term_starts_on=today + timedelta(days=starts_in_days),
        term_ends_on=today + timedelta(days=300),
        pledge_signed_on=today - timedelta(days=30),
        pledge_version="2026-12",
    )
    db.session.add(appointment)
    db.session.commit()
    return appointment


def sent_by(app, person: User, at) -> Report:
    client = app.test_client()
    login(client, person)
    assert client.post("/reports/new", data=report_form(at=at)).status_code == 200
    return db.session.scalars(select(Report).order_by(Report.id.desc())).first()


def test_an_active_neighbours_report_in_their_dong_is_marked_and_stays_marked(app, dongs):
    first, second = dongs
    neighbour = make_user()
    appointment = appoint(neighbour, first)
    marked = sent_by(app, neighbour, IN_FIRST)
    assert marked.from_sharing_neighbour and marked.channel == ReportChannel.WEB
    # Their appointment is for the first dong only: elsewhere they report as anyone does.
    assert not sent_by(app, neighbour, IN_SECOND).from_sharing_neighbour

    revoke(appointment, "moved away", make_user(Role.STAFF))
    db.session.commit()
    assert not sent_by(app, neighbour, IN_FIRST).from_sharing_neighbour
    db.session.refresh(marked)
    assert marked.from_sharing_neighbour


def test_an_appointment_not_yet_begun_does_not_mark_and_neither_does_anyone_else(app, dongs):
    first, _second = dongs
    neighbour = make_user()
    appoint(neighbour, first, starts_in_days=3)
    assert not sent_by(app, neighbour, IN_FIRST).from_sharing_neighbour
    assert not sent_by(app, make_user(), IN_FIRST).from_sharing_neighbour
    anonymous = app.test_client().post("/reports/new", data=report_form())
    assert anonymous.status_code == 200
    last = db.session.scalars(select(Report).order_by(Report.id.desc())).first()
    assert last.reporter_id is None and not last.from_sharing_neighbour
