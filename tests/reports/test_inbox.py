"""The dong inbox on a real database: one queue of the staff member's areas (open reports and
open public needs, no names, words or exact places), its filters and overdue list, and
assigning many reports at once, all or nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from app.access_log import AccessLogEntry
from app.accounts.models import Role
from app.extensions import db
from app.reports import triage as triage_module
from app.reports.models import Report, TriageLevel
from app.reports.triage import triage
from tests.factories import field_error, login, make_pin, make_user, reload
from tests.reports.test_reports import IN_FIRST, IN_SECOND, dongs, send  # noqa: F401


def new_report(app, at=IN_FIRST, **fields) -> Report:
    send(app.test_client(), at=at, **fields)
    return db.session.scalars(select(Report).order_by(Report.id.desc())).first()


@pytest.fixture
def world(app, dongs):  # noqa: F811
    gu, first, second = dongs
    people = {
        "first": make_user(Role.STAFF, staff_areas=[first]),
        "second": make_user(Role.STAFF, staff_areas=[second]),
        "gu": make_user(Role.STAFF, staff_areas=[gu]),
    }
    here = new_report(app, what_was_seen="Words-W1", person_name="Name-N1")
    there = new_report(app, at=IN_SECOND)
    need = make_pin(lon=IN_FIRST[0], lat=IN_FIRST[1], title="Need-Title-T1")
    return {"people": people, "here": here, "there": there, "need": need, "dongs": dongs}


def inbox_of(app, person, query="") -> str:
    client = app.test_client()
    login(client, person)
    response = client.get(f"/staff/inbox{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def access_rows() -> int:
    return db.session.scalar(select(func.count(AccessLogEntry.id)))


def test_the_inbox_lists_the_areas_reports_and_needs_without_names_or_words(app, world):
    before = access_rows()
    html = inbox_of(app, world["people"]["first"])
    here, there, need = world["here"], world["there"], world["need"]
    assert f'data-report="{here.id}"' in html and f'data-report="{there.id}"' not in html
    assert f'data-need="{need.id}"' in html and f"/pins/{need.id}" in html
    for secret in ("Words-W1", "Name-N1", "Need-Title-T1", "126.975", "37.565"):
        assert secret not in html
    assert access_rows() == before  # the list shows nobody's record
    # A gu's staff member sees both dongs' reports.
    html = inbox_of(app, world["people"]["gu"])
    assert f'data-report="{here.id}"' in html and f'data-report="{there.id}"' in html


def test_filters_and_the_overdue_list(app, world, monkeypatch):
    first = world["people"]["first"]
    here = world["here"]
    other = new_report(app)
    monkeypatch.setattr(
        triage_module, "utcnow", lambda: datetime(2026, 9, 23, 1, 0, tzinfo=UTC)
    )  # long ago: its 2 working days have passed
    triage(here, first, TriageLevel.URGENT)
    here.assignee_id = first.id
    db.session.commit()
    html = inbox_of(app, first, "?show=overdue")
    assert f'data-report="{here.id}"' in html and f'data-report="{other.id}"' not in html
    assert 'data-need="' not in html
    html = inbox_of(app, first, "?level=urgent")
    assert f'data-report="{here.id}"' in html and f'data-report="{other.id}"' not in html
    html = inbox_of(app, first, "?assignee=unassigned")
    assert f'data-report="{here.id}"' not in html and f'data-report="{other.id}"' in html
    html = inbox_of(app, first, "?assignee=mine&show=reports")
    assert f'data-report="{here.id}"' in html and f'data-report="{other.id}"' not in html
    html = inbox_of(app, first, "?show=needs")
    assert 'data-report="' not in html and f'data-need="{world["need"].id}"' in html
    _gu, _first_dong, second_dong = world["dongs"]
    html = inbox_of(app, world["people"]["gu"], f"?dong={second_dong.id}")
    assert f'data-report="{world["there"].id}"' in html
    assert f'data-report="{here.id}"' not in html


def test_bulk_assignment_is_all_or_nothing(app, world):
    gu_staff = world["people"]["gu"]
    here, there = world["here"], world["there"]
    client = app.test_client()
    login(client, gu_staff)
    # The first dong's staff member cannot hold the second dong's report: nothing is assigned.
    data = {"reports": [here.id, there.id], "assignee": world["people"]["first"].id}
    html = client.post("/staff/inbox/assign", data=data).get_data(as_text=True)
    assert field_error(html, "assignee")
    assert reload(here).assignee_id is None and reload(there).assignee_id is None
    data = {"reports": [here.id, there.id], "assignee": gu_staff.id}
    assert client.post("/staff/inbox/assign", data=data).status_code == 302
    assert reload(here).assignee_id == gu_staff.id == reload(there).assignee_id
    # A report of another area among the ticked ones: refused whole.
    first_client = app.test_client()
    login(first_client, world["people"]["first"])
    data = {"reports": [here.id, there.id], "assignee": world["people"]["first"].id}
    html = first_client.post("/staff/inbox/assign", data=data).get_data(as_text=True)
    assert field_error(html, "reports") and reload(here).assignee_id == gu_staff.id
