"""Give-back: a facility records a beneficiary's volunteering only with their consent for this
purpose (fail closed), inside the facility only (each look logged, another facility 403), and
the public ledger counts people and hours by gu and month, suppressed, never a name."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app.access_log import AccessAction, AccessLogEntry
from app.clock import seoul_today
from app.consents.errors import NoConsent
from app.consents.models import ConsentMethod
from app.consents.services import withdraw
from app.didimdol.facilities import SUBJECT_KIND, Consent
from app.didimdol.giveback import (
    Activity,
    record_volunteering,
    record_volunteering_consent,
)
from app.didimdol.giveback_models import VolunteerActivity, Volunteering
from app.didimdol.public_ledger import volunteering
from app.extensions import db
from tests.didimdol.test_didimdol_pages import FACILITY, PEOPLE
from tests.didimdol.world import (
    FACILITY_MARKER,
    NAME_MARKER,
    PHONE_MARKER,
    build_world,
    make_beneficiary,
)
from tests.factories import login
from tests.roles import assert_status

TODAY = seoul_today()
PAGE = "/didimdol/facilities/{facility}/beneficiaries/{beneficiary}/volunteering"
ROUTES = {
    "volunteering page": ("GET", PAGE, FACILITY),
    "record volunteering (empty)": ("POST", PAGE, FACILITY),
    "record its consent (empty)": ("POST", PAGE + "/consent", FACILITY),
}


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def client(english_client):
    return english_client


def _path(world, template: str = PAGE) -> str:
    return template.format(facility=world.facility.id, beneficiary=world.beneficiary.id)


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("route", list(ROUTES))
def test_role_route_table(client, world, route, who):
    method, template, expected = ROUTES[route]
    if who != "anonymous":
        login(client, world.people[who])
    assert_status(client.open(_path(world, template), method=method), expected[who])


def _records() -> int:
    return db.session.scalar(select(func.count(Volunteering.id))) or 0


def _consent(world, beneficiary=None):
    return record_volunteering_consent(
        beneficiary or world.beneficiary,
        Consent(ConsentMethod.SIGNED_PAPER, TODAY),
        world.people["facility_officer"],
    )


def test_without_consent_for_this_purpose_nothing_is_recorded(client, world):
    """Consent to collection (given when the person was added) is not consent to this."""
    login(client, world.people["facility_officer"])
    page = client.get(_path(world)).get_data(as_text=True)
    assert "Consent to recording volunteering" in page
    answer = client.post(
        _path(world),
        data={"done_on": TODAY.isoformat(), "hours": "2", "activity": "neighbour_care"},
    )
    assert answer.status_code == 200
    assert "no valid consent" in answer.get_data(as_text=True)
    assert _records() == 0
    with pytest.raises(NoConsent):
        record_volunteering(
            world.beneficiary,
            Activity(TODAY, 2, VolunteerActivity.FOOD_SHARING),
            world.people["facility_officer"],
        )


def test_with_consent_it_is_recorded_and_a_withdrawal_stops_it(client, world):
    login(client, world.people["facility_officer"])
    answer = client.post(
        _path(world, PAGE + "/consent"),
        data={"consent_method": "signed_paper", "consent_given_on": TODAY.isoformat()},
    )
    assert answer.status_code == 302
    answer = client.post(
        _path(world),
        data={"done_on": TODAY.isoformat(), "hours": "3", "activity": "food_sharing"},
    )
    assert answer.status_code == 302
    assert _records() == 1
    page = client.get(_path(world)).get_data(as_text=True)
    assert "3 hours" in page and NAME_MARKER in page

    from app.consents.models import ConsentPurpose, ConsentRecord

    record = db.session.scalar(
        select(ConsentRecord).where(ConsentRecord.purpose == ConsentPurpose.VOLUNTEERING_RECORD)
    )
    withdraw(record, world.people["facility_officer"])
    db.session.commit()
    with pytest.raises(NoConsent):
        record_volunteering(
            world.beneficiary,
            Activity(TODAY, 1, VolunteerActivity.EVENTS),
            world.people["facility_officer"],
        )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("hours", "0", "Enter from 1 to 12 hours."),
        ("hours", "13", "Enter from 1 to 12 hours."),
        (
            "done_on",
            # Worked out when the test runs (a run crossing Seoul's midnight made it today).
            lambda: (seoul_today() + timedelta(days=1)).isoformat(),
            "Volunteering can be recorded only once it has been done",
        ),
        ("activity", "", "Choose the kind of activity."),
    ],
)
def test_bad_input_is_answered_at_its_field(client, world, field, value, message):
    _consent(world)
    db.session.commit()
    login(client, world.people["facility_officer"])
    value = value() if callable(value) else value
    data = {
        "done_on": seoul_today().isoformat(),
        "hours": "2",
        "activity": "teaching",
        field: value,
    }
    answer = client.post(_path(world), data=data).get_data(as_text=True)
    assert message in answer
    assert _records() == 0


def _views() -> int:
    return (
        db.session.scalar(
            select(func.count(AccessLogEntry.id)).where(
                AccessLogEntry.subject_kind == SUBJECT_KIND,
                AccessLogEntry.action == AccessAction.VIEW,
            )
        )
        or 0
    )


def test_every_look_is_logged_and_another_facility_gets_403(client, world):
    login(client, world.people["facility_officer"])
    before = _views()
    assert client.get(_path(world)).status_code == 200
    assert _views() == before + 1
    client.post("/logout")
    login(client, world.people["other_officer"])
    assert client.get(_path(world)).status_code == 403
    stranger = PAGE.format(facility=world.other_facility.id, beneficiary=world.beneficiary.id)
    assert client.get(stranger).status_code == 404
    assert _views() == before + 1


def test_the_public_ledger_counts_people_and_hours_suppressed_and_never_names(client, world):
    world.facility.organisation.area = world.dong
    officer = world.people["facility_officer"]
    year = TODAY.year
    people = [world.beneficiary] + [
        make_beneficiary(world.facility, officer, name=f"{NAME_MARKER}{n}", phone="")
        for n in range(5)
    ]
    for person in people:
        _consent(world, person)
        record_volunteering(
            person, Activity(date(year, 1, 5), 2, VolunteerActivity.EVENTS), officer
        )
        record_volunteering(
            person, Activity(date(year, 2, 5), 1, VolunteerActivity.TEACHING), officer
        )
    # Twice in February: still one person, with the hours of both days.
    record_volunteering(people[0], Activity(date(year, 2, 6), 1, VolunteerActivity.OTHER), officer)
    record_volunteering(people[1], Activity(date(year, 3, 1), 2, VolunteerActivity.OTHER), officer)
    db.session.commit()

    table = volunteering(year)
    row = [code for code, _name in table.rows].index(world.dong.parent.code)
    assert table.counts.cells[row][1] == 6 and table.sums.cells[row][1] == 7
    assert table.counts.cells[row][2] is None  # one person in March: hidden
    assert table.sums.cells[row][2] is None  # and their hours with them
    hidden_counts = [v is None for line in table.counts.cells for v in line]
    assert hidden_counts == [v is None for line in table.sums.cells for v in line]
    assert sum(hidden_counts) >= 2  # a lone hidden cell would be given away by its total

    pages = [client.get(f"/didimdol/ledger?year={year}").get_data(as_text=True)]
    pages += [
        client.get(f"/didimdol/ledger/{slug}.csv?year={year}").get_data(as_text=True)
        for slug in ("volunteers", "volunteer-hours")
    ]
    assert "People who volunteered" in pages[0]
    for page in pages:
        for marker in (NAME_MARKER, PHONE_MARKER, FACILITY_MARKER):
            assert marker not in page
