"""A moment shown as a day (the `day` filter) is its day in Seoul: a person who left at 00:30
in Seoul (15:30 UTC the day before) or at 08:30 (23:30 UTC the day before) left on the Seoul
day, on the facility's page as in the filter itself, whatever Flask-Babel's own timezone."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from app.extensions import db
from app.i18n import format_day
from tests.didimdol.world import build_world
from tests.factories import login

LATE_IN_UTC = [
    datetime(2026, 3, 1, 15, 30, tzinfo=UTC),  # 00:30 on March 2 in Seoul
    datetime(2026, 3, 1, 23, 30, tzinfo=UTC),  # 08:30 on March 2 in Seoul
]


@pytest.mark.parametrize("moment", LATE_IN_UTC)
def test_the_day_filter_gives_the_seoul_day_of_a_moment(app, monkeypatch, moment):
    # Flask-Babel's own zone set to UTC (its default): the filter must not rely on it.
    monkeypatch.setattr(app.extensions["babel"], "default_timezone", "UTC")
    with app.test_request_context("/?lang=en"):
        assert format_day(moment) == "March 2, 2026"
        assert format_day(moment.replace(tzinfo=None)) == "March 2, 2026"  # stored as UTC
        assert format_day(date(2026, 3, 1)) == "March 1, 2026"  # a day stays that day


@pytest.mark.parametrize("moment", LATE_IN_UTC)
def test_the_facility_page_shows_the_seoul_day_a_person_left(english_client, moment):
    world = build_world()
    world.beneficiary.left_at = moment
    db.session.flush()
    login(english_client, world.people["facility_officer"])
    page = english_client.get(
        f"/didimdol/facilities/{world.facility.id}/beneficiaries/{world.beneficiary.id}"
    ).get_data(as_text=True)
    assert "March 2, 2026" in page
    assert "March 1, 2026" not in page
