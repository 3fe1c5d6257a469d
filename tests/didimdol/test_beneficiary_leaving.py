"""A beneficiary leaves the facility, or withdraws their consent (the person or their
guardian): from then on no voucher is issued to them (fail closed on the consent record), a
withdrawal cancels their unused vouchers with "consent withdrawn" in the ledger, and their name
and phone go when the retention period after leaving ends. Every look and every change is in
the access log; another facility's officer gets 403."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.access_log import AccessAction, AccessLogEntry
from app.clock import seoul_today
from app.consents.models import ConsentRecord
from app.consents.services import has_consent, withdraw
from app.consents.subjects import Subject
from app.didimdol.errors import NoLongerLookedAfter, NoVoucherConsent
from app.didimdol.facilities import SUBJECT_KIND, VOUCHER_CONSENT, beneficiaries_of
from app.didimdol.models import (
    Beneficiary,
    LedgerEvent,
    LedgerEventKind,
    LeftReason,
    VoucherStatus,
)
from app.didimdol.redemption import redeem
from app.extensions import db
from app.retention import apply_rule, retention_rules
from tests.didimdol.world import NAME_MARKER, build_world, issue
from tests.factories import field_error, login, reload
from tests.roles import LOGIN, assert_status, expect

PEOPLE = (
    "anonymous",
    "resident",
    "staff",
    "programme_officer",
    "facility_officer",
    "other_officer",
)
FACILITY = expect(PEOPLE, 403, facility_officer=200, anonymous=LOGIN)
PERSON = "/didimdol/facilities/{facility}/beneficiaries/{beneficiary}"

ROUTES = {
    "left form": ("GET", PERSON + "/left", FACILITY),
    "left (empty)": ("POST", PERSON + "/left", FACILITY),
    "withdraw consent form": ("GET", PERSON + "/consent/withdraw", FACILITY),
    "withdraw consent (empty)": ("POST", PERSON + "/consent/withdraw", FACILITY),
}


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def client(english_client):
    return english_client


def _path(world, template: str) -> str:
    return template.format(facility=world.facility.id, beneficiary=world.beneficiary.id)


def _log(beneficiary: Beneficiary, action: AccessAction) -> list[AccessLogEntry]:
    db.session.expire_all()
    statement = select(AccessLogEntry).where(
        AccessLogEntry.subject_kind == SUBJECT_KIND,
        AccessLogEntry.subject_id == beneficiary.id,
        AccessLogEntry.action == action,
    )
    return list(db.session.scalars(statement))


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("route", list(ROUTES))
def test_role_route_table(client, world, route, who):
    method, template, expected = ROUTES[route]
    if who != "anonymous":
        login(client, world.people[who])
    assert_status(client.open(_path(world, template), method=method), expected[who])


def test_a_person_who_left_gets_no_voucher_and_the_page_and_change_are_logged(client, world):
    login(client, world.people["facility_officer"])
    form = _path(world, PERSON + "/left")
    assert client.get(form).status_code == 200
    assert len(_log(world.beneficiary, AccessAction.VIEW)) == 1
    edits = len(_log(world.beneficiary, AccessAction.EDIT))
    today = seoul_today().isoformat()
    response = client.post(form, data={"left_on": today, "reason": "moved_away"})
    assert response.status_code == 302
    person = reload(world.beneficiary)
    assert person.left_at is not None and person.left_reason == LeftReason.MOVED_AWAY
    assert len(_log(person, AccessAction.EDIT)) == edits + 1
    assert person not in beneficiaries_of(world.facility)
    with pytest.raises(NoLongerLookedAfter):
        issue(world, beneficiary=person)
    page = client.get(_path(world, PERSON)).get_data(as_text=True)
    assert "Moved away" in page and "Issue a voucher" not in page


def test_leaving_refuses_a_future_day_next_to_the_field(client, world):
    login(client, world.people["facility_officer"])
    tomorrow = (seoul_today() + timedelta(days=1)).isoformat()
    page = client.post(
        _path(world, PERSON + "/left"), data={"left_on": tomorrow, "reason": "died"}
    ).get_data(as_text=True)
    assert field_error(page, "left_on") == "The day cannot be in the future."
    assert reload(world.beneficiary).left_at is None


def test_a_guardian_s_withdrawal_cancels_unused_vouchers_and_stops_issuing(client, world):
    unused = issue(world).voucher
    used = issue(world)
    redeem(used.code, "", world.enrolment, world.people["donor_staff"])
    login(client, world.people["facility_officer"])
    page = client.get(_path(world, PERSON)).get_data(as_text=True)
    assert "Collection and use of personal information" in page and "January 5, 2026" in page

    response = client.post(
        _path(world, PERSON + "/consent/withdraw"),
        data={"said_on": seoul_today().isoformat(), "said_by": "guardian"},
    )
    assert response.status_code == 302
    subject = Subject(SUBJECT_KIND, world.beneficiary.id)
    assert not has_consent(subject, VOUCHER_CONSENT)
    (record,) = db.session.scalars(
        select(ConsentRecord).where(ConsentRecord.subject_id == world.beneficiary.id)
    )
    assert record.withdrawn_at is not None
    assert record.withdrawn_by_id == world.people["facility_officer"].id
    assert reload(unused).status == VoucherStatus.CANCELLED
    assert reload(used.voucher).status == VoucherStatus.REDEEMED
    reasons = db.session.scalars(
        select(LedgerEvent.reason).where(
            LedgerEvent.voucher_id == unused.id, LedgerEvent.kind == LedgerEventKind.CANCELLED
        )
    ).all()
    assert reasons == ["consent withdrawn"]
    person = reload(world.beneficiary)
    assert person.left_reason == LeftReason.CONSENT_WITHDRAWN_BY_GUARDIAN
    with pytest.raises(NoLongerLookedAfter):
        issue(world, beneficiary=person)
    page = client.get(_path(world, PERSON)).get_data(as_text=True)
    assert "Consent withdrawn by their guardian" in page


def test_no_voucher_without_a_consent_that_holds_today(world):
    (record,) = db.session.scalars(
        select(ConsentRecord).where(ConsentRecord.subject_id == world.beneficiary.id)
    )
    withdraw(record, world.people["facility_officer"], hide_dependents=False)
    with pytest.raises(NoVoucherConsent):
        issue(world)


def test_a_withdrawal_starts_the_retention_clock_of_the_name(world):
    from app.didimdol.leaving import withdraw_consent

    withdraw_consent(world.beneficiary, seoul_today(), "person", world.people["facility_officer"])
    (rule,) = [r for r in retention_rules() if r.kind == "didimdol_beneficiary_identity"]
    assert apply_rule(rule, datetime.now(UTC) + timedelta(days=365)).erased == 0
    assert apply_rule(rule, datetime.now(UTC) + timedelta(days=5 * 366)).erased == 1
    assert reload(world.beneficiary).name == "" != NAME_MARKER
