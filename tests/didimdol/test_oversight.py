"""The programme officers' oversight: redemptions beyond a pledge's monthly capacity, many
wrong codes and redemptions at night, each found at its boundary and not one step before; the
page lists them linked to the donor they concern."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.didimdol.oversight import anomalies, is_night
from app.didimdol.redemption import note_wrong_code, redeem
from tests.didimdol.world import MID_MARCH, NAME_MARKER, PHONE_MARKER, build_world, issue
from tests.factories import login

NIGHT = (22, 6)
# Seoul is UTC+9: 22:00 in Seoul is 13:00 UTC; 06:00 in Seoul is 21:00 UTC the day before.
BEFORE_NIGHT = datetime(2026, 3, 10, 12, 59, tzinfo=UTC)  # 21:59 in Seoul
NIGHT_FALLS = datetime(2026, 3, 10, 13, 0, tzinfo=UTC)  # 22:00
LAST_NIGHT_MINUTE = datetime(2026, 3, 10, 20, 59, tzinfo=UTC)  # 05:59 on the 11th
MORNING = datetime(2026, 3, 10, 21, 0, tzinfo=UTC)  # 06:00 on the 11th
LOOKING = datetime(2026, 3, 20, 3, 0, tzinfo=UTC)


@pytest.fixture
def world(app):
    app.config["DIDIMDOL_NIGHT_HOURS"] = NIGHT
    return build_world()


@pytest.fixture
def client(english_client):
    return english_client


def _redeem_at(world, moment: datetime, **fields) -> int:
    issued = issue(world, now=MID_MARCH, **fields)
    redeem(issued.code, "", world.enrolment, world.people["donor_staff"], now=moment)
    return issued.voucher.id


@pytest.mark.parametrize(
    ("moment", "night"),
    [(BEFORE_NIGHT, False), (NIGHT_FALLS, True), (LAST_NIGHT_MINUTE, True), (MORNING, False)],
)
def test_night_is_seoul_s_hours_across_midnight(moment, night):
    assert is_night(moment, NIGHT) is night
    assert is_night(moment, (0, 24)) is True


def test_redemptions_at_night_are_found_at_the_boundaries_and_not_outside(world):
    _redeem_at(world, BEFORE_NIGHT)
    falls = _redeem_at(world, NIGHT_FALLS)
    last = _redeem_at(world, LAST_NIGHT_MINUTE)
    _redeem_at(world, MORNING)
    found = anomalies(now=LOOKING).night_redemptions
    assert [n.voucher_id for n in found] == [falls, last]
    assert {n.pledge.id for n in found} == {world.pledge.id}


def test_redemptions_beyond_capacity_are_found_only_past_it(world):
    world.pledge.monthly_capacity = 3
    _redeem_at(world, LOOKING - timedelta(days=5))
    _redeem_at(world, LOOKING - timedelta(days=4))
    # A category voucher ("any haircut") takes its unit of the pledge when it is redeemed.
    _redeem_at(world, LOOKING - timedelta(days=3), pledge=None, category=world.category)
    assert anomalies(now=LOOKING).beyond_capacity == []
    world.pledge.monthly_capacity = 2  # the donor lowered a month already used
    (found,) = anomalies(now=LOOKING).beyond_capacity
    assert (found.pledge.id, found.redeemed_units) == (world.pledge.id, 3)
    assert found.month.isoformat() == "2026-03-01"


def test_capacity_counts_seoul_months_apart(world):
    world.pledge.monthly_capacity = 2
    _redeem_at(world, datetime(2026, 3, 31, 14, 59, tzinfo=UTC))  # 31 March, 23:59 in Seoul
    april = datetime(2026, 3, 31, 15, 0, tzinfo=UTC)  # 1 April, 00:00 in Seoul
    _redeem_at(world, april, pledge=None, category=world.category)
    _redeem_at(world, april, pledge=None, category=world.category)
    assert anomalies(now=datetime(2026, 4, 2, tzinfo=UTC)).beyond_capacity == []
    world.pledge.monthly_capacity = 1  # lowered: March holds one, April two
    (found,) = anomalies(now=datetime(2026, 4, 2, tzinfo=UTC)).beyond_capacity
    assert found.month.isoformat() == "2026-04-01"


def test_many_wrong_codes_are_listed_from_the_threshold(app, world):
    app.config["DIDIMDOL_MANY_WRONG_CODES"] = 10
    for minute in range(9):
        note_wrong_code(world.enrolment, now=LOOKING - timedelta(days=2, minutes=minute))
    assert anomalies(now=LOOKING).many_wrong_codes == []
    note_wrong_code(world.enrolment, now=LOOKING - timedelta(days=1))
    (found,) = anomalies(now=LOOKING).many_wrong_codes
    assert (found.enrolment.id, found.wrong_codes) == (world.enrolment.id, 10)


def test_the_oversight_window_leaves_older_anomalies_out(app, world):
    app.config["DIDIMDOL_OVERSIGHT_DAYS"] = 5
    _redeem_at(world, NIGHT_FALLS)
    assert anomalies(now=NIGHT_FALLS + timedelta(days=5)).night_redemptions != []
    assert anomalies(now=NIGHT_FALLS + timedelta(days=5, seconds=1)).night_redemptions == []


def test_the_page_links_each_anomaly_to_its_donor(app, client, world):
    app.config["DIDIMDOL_NIGHT_HOURS"] = (0, 24)  # every hour is night: today's redemption shows
    world.pledge.monthly_capacity = 2
    issued = issue(world)
    redeem(issued.code, "", world.enrolment, world.people["donor_staff"])
    other = issue(world, pledge=None, category=world.category)
    redeem(other.code, "", world.enrolment, world.people["donor_staff"])
    world.pledge.monthly_capacity = 1  # the donor lowered a month already used
    for _ in range(10):
        note_wrong_code(world.enrolment)
    login(client, world.people["programme_officer"])
    page = client.get("/staff/didimdol/oversight").get_data(as_text=True)
    donor_link = f'href="/didimdol/donors/{world.enrolment.id}"'
    for row in ("anomaly-capacity", "anomaly-wrong-codes", "anomaly-night"):
        assert f'class="{row}"' in page
    assert page.count(donor_link) >= 4  # capacity, wrong codes, two night rows (+ enrolments)
    assert NAME_MARKER not in page and PHONE_MARKER not in page
