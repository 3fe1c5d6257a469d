"""A voucher for any pledge of a category is redeemed only against a pledge of the shop whose
target groups include one of the holder's, as issuing checks for a pledge voucher. A shop with
none is refused at the code field in words that say nothing of the holder, and the refusal is
not counted as a guessed code."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.didimdol.models import TargetGroup, Voucher, VoucherStatus, WrongCode
from app.extensions import db
from tests.didimdol.test_redemption import _reveals_nothing
from tests.didimdol.world import MID_MARCH, build_world, issue, make_pledge
from tests.factories import field_error, login, reload

NOT_HERE = (
    "This voucher cannot be used at this shop. The holder can use it at another shop "
    "that offers the same service."
)


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def client(english_client):
    return english_client


def _category_voucher(world):
    issued = issue(world, now=MID_MARCH, pledge=None, category=world.category)
    # Issued while the shop's pledge served the holder; the donor then narrowed it.
    world.pledge.target_groups = [TargetGroup.CHILDREN.value]
    db.session.flush()
    return issued


@pytest.mark.parametrize("step", ["/redeem", "/redeem/confirm"])
def test_a_shop_whose_pledges_are_for_other_groups_refuses_at_the_code_field(client, world, step):
    issued = _category_voucher(world)
    login(client, world.people["donor_staff"])
    answer = client.post(step, data={"code": issued.code, "pin": ""})
    assert answer.status_code == 200
    page = answer.get_data(as_text=True)
    assert field_error(page, "code") == NOT_HERE
    assert "Valid voucher" not in page
    _reveals_nothing(page)
    assert reload(issued.voucher).status == VoucherStatus.ISSUED
    assert db.session.scalar(select(func.count(WrongCode.id))) == 0


def test_the_pledge_for_the_holder_s_group_is_taken_not_the_first_of_the_category(client, world):
    issued = _category_voucher(world)
    for_the_holder = make_pledge(world.enrolment, world.category, world.dong, unit="A shave")
    login(client, world.people["donor_staff"])
    checked = client.post("/redeem", data={"code": issued.code}).get_data(as_text=True)
    assert "Valid voucher" in checked and "A shave" in checked
    done = client.post("/redeem/confirm", data={"code": issued.code, "pin": ""})
    assert done.status_code == 302
    voucher = db.session.get(Voucher, issued.voucher.id)
    db.session.refresh(voucher)
    assert voucher.status == VoucherStatus.REDEEMED
    assert voucher.redeemed_pledge_id == for_the_holder.id
