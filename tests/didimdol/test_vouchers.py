"""Issuing: the facility's monthly quota and the pledge's monthly capacity refuse at the
boundary and start again on the 1st in Seoul (15:00 UTC the day before); target groups; codes
kept only as a hash and sealed; the expiry job marks a voucher once; the ledger and the
donation records refuse UPDATE and DELETE."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from app.didimdol import codes
from app.didimdol.errors import (
    CapacityReached,
    NotInTargetGroups,
    PledgeNotAvailable,
    QuotaReached,
)
from app.didimdol.models import LedgerEvent, LedgerEventKind, Voucher, VoucherStatus
from app.didimdol.redemption import redeem
from app.didimdol.vouchers import cancel_voucher, expire_vouchers
from app.extensions import db
from tests.didimdol.world import MID_MARCH, build_world, issue, make_beneficiary
from tests.factories import make_area

# The last minute of March in Seoul, and the first of April.
LAST_OF_MARCH = datetime(2026, 3, 31, 14, 59, tzinfo=UTC)
FIRST_OF_APRIL = datetime(2026, 3, 31, 15, 0, tzinfo=UTC)


@pytest.fixture
def world():
    return build_world()


def test_the_facility_s_quota_refuses_at_the_boundary_and_resets_on_the_seoul_month(world):
    world.facility.monthly_quota = 2
    issue(world, now=MID_MARCH)
    issue(world, now=LAST_OF_MARCH)
    with pytest.raises(QuotaReached):
        issue(world, now=LAST_OF_MARCH)
    issue(world, now=FIRST_OF_APRIL)  # a new month in Seoul, still 31 March in UTC


def test_the_pledge_s_capacity_counts_units_refuses_at_the_boundary_and_resets(world):
    world.pledge.monthly_capacity = 3
    issue(world, now=MID_MARCH, units=2)
    with pytest.raises(CapacityReached):
        issue(world, now=LAST_OF_MARCH, units=2)
    issue(world, now=LAST_OF_MARCH, units=1)
    with pytest.raises(CapacityReached):
        issue(world, now=LAST_OF_MARCH)
    issue(world, now=FIRST_OF_APRIL, units=3)


def test_a_cancelled_voucher_gives_its_place_back(world):
    world.facility.monthly_quota = 1
    first = issue(world, now=MID_MARCH).voucher
    with pytest.raises(QuotaReached):
        issue(world, now=MID_MARCH)
    cancel_voucher(first, "Printed twice", world.people["facility_officer"], now=MID_MARCH)
    issue(world, now=MID_MARCH)


def test_a_pledge_is_issued_only_to_the_groups_it_is_for(world):
    adult = make_beneficiary(
        world.facility, world.people["facility_officer"], target_groups=["disabled"]
    )
    with pytest.raises(NotInTargetGroups):
        issue(world, beneficiary=adult, now=MID_MARCH)


def test_a_facility_issues_only_for_pledges_in_a_dong_it_serves(world):
    world.pledge.dongs = [make_area()]
    with pytest.raises(PledgeNotAvailable):
        issue(world, now=MID_MARCH)


def test_the_code_is_kept_as_a_hash_and_sealed_never_in_clear(world):
    issued = issue(world, now=MID_MARCH)
    assert codes.normalise(codes.grouped(issued.code)) == issued.code
    row = db.session.execute(
        text("SELECT code, code_index FROM didimdol_vouchers WHERE id = :id"),
        {"id": issued.voucher.id},
    ).one()
    assert issued.code not in row.code and issued.code not in row.code_index


def test_the_expiry_job_marks_each_past_voucher_once(world):
    late = issue(world, now=MID_MARCH, valid_until=date(2026, 3, 20)).voucher
    current = issue(world, now=MID_MARCH, valid_until=date(2026, 4, 30)).voucher
    on_the_last_day = datetime(2026, 3, 20, 14, 0, tzinfo=UTC)  # 23:00 in Seoul on the 20th
    assert expire_vouchers(on_the_last_day) == 0
    after = on_the_last_day + timedelta(hours=2)
    assert expire_vouchers(after) == 1
    assert expire_vouchers(after) == 0
    db.session.expire_all()
    assert late.status == VoucherStatus.EXPIRED and current.status == VoucherStatus.ISSUED
    expired_events = db.session.scalar(
        select(func.count(LedgerEvent.id)).where(
            LedgerEvent.voucher_id == late.id, LedgerEvent.kind == LedgerEventKind.EXPIRED
        )
    )
    assert expired_events == 1


@pytest.mark.parametrize("table", ["didimdol_ledger", "didimdol_donations"])
@pytest.mark.parametrize("change", ["UPDATE {t} SET at = at", "DELETE FROM {t}"])
def test_the_ledger_and_the_donation_records_are_append_only(world, table, change):
    issued = issue(world, now=MID_MARCH)
    redeem(issued.code, "", world.enrolment, world.people["donor_staff"], now=MID_MARCH)
    with pytest.raises(DBAPIError, match="append-only"), db.session.begin_nested():
        db.session.execute(text(change.format(t=table)))
    assert db.session.scalar(select(func.count(Voucher.id))) == 1


def test_a_category_voucher_is_redeemed_against_the_business_s_pledge_of_that_category(world):
    issued = issue(world, now=MID_MARCH, pledge=None, category=world.category)
    voucher = redeem(issued.code, "", world.enrolment, world.people["donor_staff"], MID_MARCH)
    assert voucher.redeemed_pledge_id == world.pledge.id
