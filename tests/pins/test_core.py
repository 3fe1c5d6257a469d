"""The heart of the map's data: privacy of locations, cluster counts kept on every write."""

from __future__ import annotations

import math
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.areas.models import AreaLevel
from app.categories.models import CategoryKind
from app.clock import utcnow
from app.extensions import db
from app.map.clusters import CLUSTER_ZOOMS, cell_of, rebuild_cells
from app.map.models import PinCell
from app.organisations.models import OrganisationStatus
from app.pins.errors import NotAllowedState, NotAMember, WrongCategory
from app.pins.models import PinKind, PinStatus
from app.pins.privacy import Grid, public_location, public_pin
from app.pins.services import (
    PinDetails,
    exact_point,
    expire_due_needs,
    renew_need,
    update_pin,
    withdraw_pin,
)
from tests.factories import (
    add_member,
    make_area,
    make_category,
    make_organisation,
    make_pin,
    make_user,
    served_dong_at,
)

SEOUL_GRID = Grid(300)


def metres_between(a, b) -> float:
    dlat = (a[1] - b[1]) * 111_320
    dlon = (a[0] - b[0]) * 111_320 * math.cos(math.radians(a[1]))
    return math.hypot(dlat, dlon)


@pytest.mark.parametrize(
    "point", [(126.9779, 37.5663), (127.0276, 37.4979), (126.9, 37.65), (127.1, 37.45)]
)
def test_grid_centre_is_deterministic_and_within_the_cell(point):
    centre = SEOUL_GRID.cell_centre(*point)
    assert centre == SEOUL_GRID.cell_centre(*point)
    # Within half the cell's diagonal of the truth, and the truth is not given away.
    assert metres_between(centre, point) <= 300 * math.sqrt(2) / 2 + 2


def test_all_points_of_a_cell_share_one_public_location():
    base = SEOUL_GRID.cell_centre(126.9779, 37.5663)
    inside = [(base[0] + dx, base[1] + dy) for dx in (-0.001, 0, 0.001) for dy in (-0.001, 0.001)]
    assert {SEOUL_GRID.cell_centre(*p) for p in inside} == {base}


@pytest.mark.parametrize(
    "point", [(126.9779, 37.5663), (129.0756, 35.1796), (126.5312, 33.4996)], ids=str
)
def test_cells_are_300_metres_wide_at_every_latitude(point):
    """Seoul (37.6° N), Busan (35.2° N), Jeju (33.5° N): the same metres, not the same degrees."""
    grid = Grid(300)
    a = grid.cell_centre(*point)
    row = math.floor(point[1] / grid.lat_step)
    east = grid.cell_centre(a[0] + grid.lon_step(row), a[1])
    north = grid.cell_centre(a[0], a[1] + grid.lat_step)  # its column may be offset a little
    assert metres_between(a, east) == pytest.approx(300, rel=0.01)
    assert (north[1] - a[1]) * 111_320 == pytest.approx(300, rel=0.01)


@pytest.mark.parametrize(
    ("kind", "by_organisation", "coarse"),
    [(PinKind.NEED, False, True), (PinKind.OFFER, False, True), (PinKind.OFFER, True, False)],
)
def test_public_location_rule(app, kind, by_organisation, coarse):
    with app.app_context():
        lon, lat, is_coarse = public_location(
            kind, 7 if by_organisation else None, 126.97791, 37.56634
        )
    assert is_coarse is coarse
    assert ((lon, lat) != (126.97791, 37.56634)) is coarse


def test_a_need_gets_its_dong_and_gu_and_a_coarse_public_point():
    gu = make_area(level=AreaLevel.GU, bounds=(126.90, 37.50, 127.05, 37.60))
    dong = make_area(parent=gu, bounds=(126.95, 37.55, 127.00, 37.58))
    pin = make_pin(lon=126.9779, lat=37.5663)
    assert pin.dong == dong and pin.gu == gu
    assert exact_point(pin) == pytest.approx((126.9779, 37.5663))
    view = public_pin(pin)
    assert (view.lon, view.lat) != (126.9779, 37.5663)
    assert view.location_is_coarse and view.giver_name is None
    assert pin.expires_at is not None and pin.expires_at > utcnow() + timedelta(days=29)


def test_an_organisations_offer_is_public_at_its_point_with_its_name():
    member = make_user()
    organisation = make_organisation(representative=member)
    offer = make_pin(member, kind=PinKind.OFFER, organisation=organisation, lon=127.0, lat=37.5)
    view = public_pin(offer)
    assert (view.lon, view.lat) == (127.0, 37.5) and not view.location_is_coarse
    assert view.giver_name == organisation.name
    assert offer.expires_at is None


def test_only_verified_organisations_members_post_for_them():
    organisation = make_organisation(representative=make_user())
    with pytest.raises(NotAMember):
        make_pin(make_user(), kind=PinKind.OFFER, organisation=organisation)
    pending = make_organisation(
        representative=(rep := make_user()), status=OrganisationStatus.PENDING
    )
    with pytest.raises(NotAMember):
        make_pin(rep, kind=PinKind.OFFER, organisation=pending)
    member = make_user()
    add_member(organisation, member)
    with pytest.raises(NotAMember):  # a need is never an organisation's
        make_pin(member, kind=PinKind.NEED, organisation=organisation)


def test_category_must_fit_the_kind():
    with pytest.raises(WrongCategory):
        make_pin(kind=PinKind.OFFER, category=make_category(CategoryKind.NEED))
    with pytest.raises(WrongCategory):
        make_pin(category=make_category(active=False))


# --- cluster counts ----------------------------------------------------------------------------


def counts() -> dict:
    rows = db.session.execute(
        select(
            PinCell.zoom,
            PinCell.cx,
            PinCell.cy,
            PinCell.kind,
            PinCell.status,
            PinCell.category_id,
            func.sum(PinCell.pins),
        )
        .group_by(
            PinCell.zoom, PinCell.cx, PinCell.cy, PinCell.kind, PinCell.status, PinCell.category_id
        )
        .having(func.sum(PinCell.pins) != 0)
    ).all()
    return {tuple(r[:6]): r[6] for r in rows}


def test_a_new_pin_is_counted_at_every_cluster_zoom_at_its_public_point():
    pin = make_pin()
    found = counts()
    assert len(found) == len(CLUSTER_ZOOMS)
    for zoom in CLUSTER_ZOOMS:
        cx, cy = cell_of(pin.public_lon, pin.public_lat, zoom)
        assert found[(zoom, cx, cy, "need", "open", pin.category_id)] == 1


def test_counts_follow_status_category_location_and_deletion():
    pin = make_pin()
    pin.status = PinStatus.MATCHED
    db.session.flush()
    assert {k[4] for k in counts()} == {"matched"}

    other = make_category()
    served_dong_at(127.05, 37.52)
    details = PinDetails(PinKind.NEED, other, pin.title, pin.description, 127.05, 37.52)
    update_pin(pin, pin.author, details)
    zoom = CLUSTER_ZOOMS[-1]
    cx, cy = cell_of(pin.public_lon, pin.public_lat, zoom)
    assert counts() == {
        **dict.fromkeys(counts(), 1),
    }
    assert counts()[(zoom, cx, cy, "need", "matched", other.id)] == 1
    assert all(k[5] == other.id for k in counts())

    db.session.delete(pin)
    db.session.flush()
    assert counts() == {}


def test_counts_survive_changes_to_objects_loaded_fresh_from_the_database():
    pin = make_pin()
    pin_id = pin.id
    db.session.expire_all()  # nothing loaded: the old values must still be subtracted
    from app.pins.models import Pin

    fresh = db.session.get(Pin, pin_id)
    db.session.expire(fresh, ["status"])
    fresh.status = PinStatus.WITHDRAWN
    db.session.flush()
    assert {k[4] for k in counts()} == {"withdrawn"}


def test_rebuild_gives_the_same_counts_as_the_running_tally():
    for i in range(6):
        make_pin(
            lon=126.95 + i * 0.01,
            lat=37.55 + (i % 3) * 0.01,
            kind=PinKind.OFFER if i % 2 else PinKind.NEED,
        )
    tally = counts()
    rebuild_cells(db.session)
    assert counts() == tally


# --- lifecycle ---------------------------------------------------------------------------------


def test_needs_expire_unless_renewed():
    old = make_pin()
    renewed = make_pin()
    later = utcnow() + timedelta(days=31)
    renew_need(renewed, now=utcnow() + timedelta(days=20))
    assert expire_due_needs(now=later) == 1
    assert old.status == PinStatus.EXPIRED and renewed.status == PinStatus.OPEN
    renew_need(old, now=later)
    assert old.status == PinStatus.OPEN and old.expires_at > later


def test_withdrawn_pins_cannot_be_edited_or_withdrawn_again():
    pin = make_pin()
    withdraw_pin(pin)
    assert pin.status == PinStatus.WITHDRAWN
    with pytest.raises(NotAllowedState):
        withdraw_pin(pin)
    with pytest.raises(NotAllowedState):
        update_pin(pin, pin.author, PinDetails(PinKind.NEED, pin.category, "x", "", 127, 37.5))


def test_totals_always_equal_the_detailed_counts_summed():
    from app.map.clusters import rebuild_totals
    from app.map.models import PinCellTotal

    def totals() -> dict:
        rows = db.session.execute(
            select(
                PinCellTotal.zoom,
                PinCellTotal.status,
                PinCellTotal.cx,
                PinCellTotal.cy,
                PinCellTotal.kind,
                PinCellTotal.pins,
            ).where(PinCellTotal.pins != 0)
        ).all()
        return {tuple(r[:5]): r[5] for r in rows}

    def summed_detail() -> dict:
        c = PinCell
        rows = db.session.execute(
            select(c.zoom, c.status, c.cx, c.cy, c.kind, func.sum(c.pins))
            .group_by(c.zoom, c.status, c.cx, c.cy, c.kind)
            .having(func.sum(c.pins) != 0)
        ).all()
        return {tuple(r[:5]): r[5] for r in rows}

    gu = make_area(level=AreaLevel.GU, bounds=(126.90, 37.50, 127.05, 37.60))
    make_area(parent=gu, bounds=(126.95, 37.55, 127.00, 37.58))
    pins = [
        make_pin(
            lon=126.96 + i * 0.005,
            lat=37.56,
            category=make_category(),
            kind=PinKind.OFFER if i % 2 else PinKind.NEED,
        )
        for i in range(5)
    ]
    pins[0].status = PinStatus.MATCHED
    withdraw_pin(pins[1])
    db.session.delete(pins[2])
    db.session.flush()
    assert totals() == summed_detail() and sum(totals().values()) == 4 * len(CLUSTER_ZOOMS)
    rebuild_totals(db.session)
    assert totals() == summed_detail()
