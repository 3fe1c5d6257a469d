"""A voucher for any pledge of a category takes a unit of the shop's pledge when it is
redeemed, in the month of the redemption: a shop whose pledge has nothing left that month
refuses it with a clear message; the units it took are refused to pledge vouchers issued after;
a reversal gives the unit back; a category with nothing left in the facility's dongs cannot be
issued."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask_babel import force_locale

from app.didimdol.directory import units_taken_by_pledge
from app.didimdol.errors import CapacityReached, CategoryCapacityReached, ShopHasNoMore
from app.didimdol.redemption import redeem, reverse
from app.didimdol.vouchers import units_taken_this_month
from tests.didimdol.world import MID_MARCH, build_world, issue

LATER_IN_MARCH = datetime(2026, 3, 20, 3, 0, tzinfo=UTC)
FIRST_OF_APRIL = datetime(2026, 3, 31, 15, 0, tzinfo=UTC)


@pytest.fixture
def world():
    world = build_world()
    world.pledge.monthly_capacity = 1
    return world


def _any_of_the_category(world, now=MID_MARCH):
    return issue(world, now=now, pledge=None, category=world.category)


def _redeem(world, issued, now=LATER_IN_MARCH):
    return redeem(issued.code, "", world.enrolment, world.people["donor_staff"], now)


def test_a_category_redemption_takes_the_pledge_s_last_unit_and_a_second_is_refused(world):
    first, second = _any_of_the_category(world), _any_of_the_category(world)
    _redeem(world, first)
    assert units_taken_this_month(world.pledge, LATER_IN_MARCH) == 1
    assert units_taken_by_pledge(LATER_IN_MARCH)[world.pledge.id] == 1
    with pytest.raises(ShopHasNoMore) as refusal:
        _redeem(world, second)
    with force_locale("en"):
        message = str(refusal.value.message)
    assert message == f"This shop has no more {world.category.name_en} this month."
    assert refusal.value.field == "code"
    _redeem(world, second, now=FIRST_OF_APRIL)  # a new Seoul month, a new unit


def test_the_unit_a_category_voucher_took_is_refused_to_pledge_and_category_vouchers(world):
    _redeem(world, _any_of_the_category(world))
    with pytest.raises(CapacityReached):
        issue(world, now=LATER_IN_MARCH)
    with pytest.raises(CategoryCapacityReached):
        _any_of_the_category(world, now=LATER_IN_MARCH)


def test_a_pledge_voucher_issued_first_leaves_no_unit_for_a_category_voucher(world):
    category_voucher = _any_of_the_category(world)
    issue(world, now=MID_MARCH)  # reserves the month's one haircut
    with pytest.raises(ShopHasNoMore):
        _redeem(world, category_voucher)


def test_a_reversed_category_redemption_gives_its_unit_back(world):
    first, second = _any_of_the_category(world), _any_of_the_category(world)
    voucher = _redeem(world, first)
    reverse(voucher, "Wrong customer", world.enrolment, world.people["donor_staff"], LATER_IN_MARCH)
    assert units_taken_this_month(world.pledge, LATER_IN_MARCH) == 0
    _redeem(world, second)
    assert units_taken_this_month(world.pledge, LATER_IN_MARCH) == 1
