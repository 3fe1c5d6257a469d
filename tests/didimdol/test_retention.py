"""Didimdol's retention rules: a beneficiary's name and phone go five years after the
facility's care ended (the row, birth year and vouchers stay); wrong codes after 30 days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.didimdol.models import Beneficiary, Voucher, WrongCode
from app.didimdol.redemption import note_wrong_code
from app.extensions import db
from app.retention import apply_rule, retention_rules
from tests.didimdol.world import build_world, issue, make_beneficiary

NOW = datetime(2032, 6, 1, tzinfo=UTC)


def _rule(kind: str):
    (rule,) = [rule for rule in retention_rules() if rule.kind == kind]
    return rule


@pytest.fixture
def world():
    return build_world()


def test_a_beneficiary_s_name_and_phone_go_five_years_after_their_care_ended(world):
    officer = world.people["facility_officer"]
    still_cared_for = make_beneficiary(world.facility, officer, name="Still Here")
    issue(world)
    world.beneficiary.left_at = NOW - timedelta(days=5 * 366)
    recent = make_beneficiary(world.facility, officer, name="Left Lately")
    recent.left_at = NOW - timedelta(days=365)
    db.session.flush()

    assert apply_rule(_rule("didimdol_beneficiary_identity"), NOW).erased == 1
    gone = db.session.get(Beneficiary, world.beneficiary.id)
    assert (gone.name, gone.phone, gone.phone_index) == ("", "", None)
    assert gone.birth_year == 1944
    assert db.session.scalar(select(func.count(Voucher.id))) == 1
    assert db.session.get(Beneficiary, recent.id).name == "Left Lately"
    assert db.session.get(Beneficiary, still_cared_for.id).name == "Still Here"
    assert apply_rule(_rule("didimdol_beneficiary_identity"), NOW).erased == 0


def test_wrong_codes_are_deleted_after_thirty_days(world):
    note_wrong_code(world.enrolment, now=NOW - timedelta(days=31))
    note_wrong_code(world.enrolment, now=NOW - timedelta(days=1))
    assert apply_rule(_rule("didimdol_wrong_codes"), NOW).erased == 1
    assert db.session.scalar(select(func.count(WrongCode.id))) == 1
