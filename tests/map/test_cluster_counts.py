"""The kept cluster counts and sums stay exact under every write, and can be checked.

Issue 12, finding 5: a pin that moved within its cluster cell left its old position in the
cell's coordinate sums, so later clusters of that cell were drawn hundreds of metres off and
the old position could be read back.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from app.extensions import db
from app.map.clusters import cell_discrepancies, rebuild_cells
from app.map.models import PinCell
from app.pins.models import PinKind
from app.pins.services import PinDetails, expire_due_needs, update_pin, withdraw_pin
from tests.factories import (
    add_member,
    make_category,
    make_organisation,
    make_pin,
    make_user,
    served_dong_at,
)


@pytest.fixture
def offer():
    """An organisation's offer: public at its exact point, so every move shows in the sums."""
    giver = make_user()
    organisation = make_organisation(representative=giver)
    add_member(organisation, make_user())
    return make_pin(
        giver,
        kind=PinKind.OFFER,
        category=make_category(),
        organisation=organisation,
        lon=126.97791,
        lat=37.56634,
    )


def _move(pin, lon: float, lat: float) -> None:
    details = PinDetails(
        kind=pin.kind,
        category=pin.category,
        title=pin.title,
        description=pin.description,
        lon=lon,
        lat=lat,
        organisation=pin.organisation,
    )
    update_pin(pin, pin.author, details)


def test_a_move_within_the_cell_moves_the_sums(offer):
    for step in range(1, 6):  # a few metres each time: the same cell at every zoom
        _move(offer, 126.97791 + step * 0.00002, 37.56634)
        db.session.flush()
        assert cell_discrepancies(db.session) == []
    kept = db.session.scalars(select(PinCell).where(PinCell.zoom == 15, PinCell.pins > 0)).all()
    assert len(kept) == 1
    assert kept[0].sum_lon == pytest.approx(offer.public_lon)  # one pin: the sum is its point


def test_every_kind_of_write_keeps_the_counts_exact(app, offer):
    need = make_pin(make_user(), category=make_category(), lon=126.99, lat=37.57)
    other = make_pin(make_user(), category=make_category(), lon=126.98, lat=37.55)
    served_dong_at(127.01, 37.58)
    _move(offer, 127.01, 37.58)  # to another cell
    withdraw_pin(other)
    need.expires_at = need.created_at  # overdue, then expired by the daily command
    db.session.flush()
    expire_due_needs()
    db.session.delete(offer)
    db.session.flush()
    assert cell_discrepancies(db.session) == []


def test_the_check_finds_a_drifted_cell_and_a_rebuild_repairs_it(offer):
    db.session.execute(
        update(PinCell).where(PinCell.zoom == 12).values(sum_lon=PinCell.sum_lon + 0.003)
    )
    problems = cell_discrepancies(db.session)
    assert problems and all(line.startswith("pin_cells") for line in problems)
    rebuild_cells(db.session)
    assert cell_discrepancies(db.session) == []


def test_the_command_says_whether_the_counts_agree(app, offer):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["map", "check-clusters"])
    assert result.exit_code == 0 and "agree" in result.output
    db.session.execute(update(PinCell).values(pins=PinCell.pins + 1))
    result = runner.invoke(args=["map", "check-clusters"])
    assert result.exit_code == 1 and "cells differ" in result.output
