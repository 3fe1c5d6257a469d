"""A published pledge keeps a public offer pin in step: created at the donor's place when
published, its count left this month following vouchers issued and cancelled, starting again
on the Seoul month, withdrawn when the pledge is paused or ended or the donor suspended."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.clock import utcnow
from app.didimdol.models import EnrolmentStatus, PledgeStatus
from app.didimdol.months import month_of
from app.didimdol.pin_models import PledgePin
from app.didimdol.pledge_pins import (
    cancel_voucher_in_step,
    decide_in_step,
    move_pledge_in_step,
    refresh_all_pledge_pins,
    set_place,
    voucher_in_step,
)
from app.extensions import db
from app.pins.models import Pin, PinKind, PinStatus
from tests.didimdol.world import build_world, issue
from tests.factories import field_error, login

SHOP = (126.9751, 37.5652)  # inside the world's dong


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def client(english_client):
    return english_client


def _pin(world) -> Pin | None:
    link = db.session.get(PledgePin, world.pledge.id)
    return link.pin if link is not None else None


def _placed(world) -> Pin:
    set_place(world.enrolment, *SHOP, world.people["donor_rep"])
    pin = _pin(world)
    assert pin is not None
    return pin


def test_the_pin_stands_at_the_shop_and_says_what_is_left(world):
    assert _pin(world) is None  # no place yet, no pin
    pin = _placed(world)
    assert (pin.kind, pin.status, pin.quantity) == (PinKind.OFFER, PinStatus.OPEN, 10)
    assert pin.organisation_id == world.enrolment.organisation_id
    assert (pin.public_lon, pin.public_lat, pin.location_is_coarse) == (*SHOP, False)
    assert pin.title == "A haircut — 이번 달 10개 중 10개 남음"  # the site's default language


def test_the_pin_follows_the_capacity_used(world):
    pin = _placed(world)
    first = voucher_in_step(issue(world, units=2).voucher)
    voucher_in_step(issue(world, units=1).voucher)
    assert pin.quantity == 7
    assert pin.title.endswith("10개 중 7개 남음")
    cancel_voucher_in_step(first, "issued by mistake", world.people["facility_officer"])
    assert pin.quantity == 9
    # A category voucher takes none of the pledge's capacity.
    voucher_in_step(issue(world, pledge=None, category=world.category).voucher)
    assert pin.quantity == 9


def test_the_count_starts_again_on_the_seoul_month(world):
    pin = _placed(world)
    voucher_in_step(issue(world, units=4).voucher)
    assert pin.quantity == 6
    _, next_month = month_of(utcnow())
    refresh_all_pledge_pins(now=next_month - timedelta(seconds=1))
    assert pin.quantity == 6
    refresh_all_pledge_pins(now=next_month)
    assert pin.quantity == 10


def test_paused_ended_and_suspended_pledges_leave_the_map(world):
    pin = _placed(world)
    move_pledge_in_step(world.pledge, PledgeStatus.PAUSED)
    assert pin.status == PinStatus.WITHDRAWN
    move_pledge_in_step(world.pledge, PledgeStatus.PUBLISHED)
    again = _pin(world)
    assert again is not None and again.id != pin.id and again.status == PinStatus.OPEN
    decide_in_step(world.enrolment, EnrolmentStatus.SUSPENDED, world.people["programme_officer"])
    assert again.status == PinStatus.WITHDRAWN
    decide_in_step(world.enrolment, EnrolmentStatus.APPROVED, world.people["programme_officer"])
    third = _pin(world)
    assert third is not None and third.status == PinStatus.OPEN
    move_pledge_in_step(world.pledge, PledgeStatus.ENDED)
    assert third.status == PinStatus.WITHDRAWN


def test_a_draft_gets_its_pin_when_published(world):
    world.pledge.status = PledgeStatus.DRAFT
    set_place(world.enrolment, *SHOP, world.people["donor_rep"])
    assert _pin(world) is None
    move_pledge_in_step(world.pledge, PledgeStatus.PUBLISHED)
    pin = _pin(world)
    assert pin is not None and pin.status == PinStatus.OPEN and pin.quantity == 10


def test_the_place_page_saves_the_place_and_refuses_one_outside_the_areas(client, world):
    login(client, world.people["donor_rep"])
    path = f"/didimdol/donors/{world.enrolment.id}/place"
    outside = client.post(path, data={"longitude": "129.0", "latitude": "35.1"})
    assert outside.status_code == 200
    assert field_error(outside.get_data(as_text=True), "longitude")
    assert _pin(world) is None
    saved = client.post(path, data={"longitude": str(SHOP[0]), "latitude": str(SHOP[1])})
    assert saved.status_code == 302
    db.session.expire_all()
    pin = _pin(world)
    assert pin is not None and pin.status == PinStatus.OPEN
