"""A beneficiary's consents on the general consent pages (app.consents): only the officers of
the person's own facility open or change them (another facility, the area's staff and the
programme office get 403), each look and each change is one row of the access log, and a
withdrawal there has the same effect as on the facility's page: unused vouchers cancelled,
the person off the list."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.access_log import AccessAction, AccessLogEntry
from app.clock import seoul_today
from app.consents.models import ConsentRecord
from app.consents.services import has_consent
from app.consents.subjects import Subject
from app.didimdol.errors import NoLongerLookedAfter
from app.didimdol.facilities import SUBJECT_KIND, VOUCHER_CONSENT
from app.didimdol.models import LedgerEvent, LedgerEventKind, LeftReason, VoucherStatus
from app.extensions import db
from tests.didimdol.world import build_world, issue
from tests.factories import login, reload
from tests.roles import LOGIN, assert_status, expect

PEOPLE = (
    "anonymous",
    "resident",
    "staff",
    "admin",
    "programme_officer",
    "facility_officer",
    "other_officer",
)
FACILITY = expect(PEOPLE, 403, facility_officer=200, anonymous=LOGIN)
FACILITY_POST = expect(PEOPLE, 403, facility_officer=302, anonymous=LOGIN)
CONSENTS = f"/consents/{SUBJECT_KIND}/{{beneficiary}}"

CONSENT_ROUTES = {
    "record form": ("GET", CONSENTS + "/new", FACILITY),
    "record (empty)": ("POST", CONSENTS + "/new", FACILITY),
    "override form": ("GET", CONSENTS + "/override", FACILITY),
    "override (empty)": ("POST", CONSENTS + "/override", FACILITY),
    "withdraw": ("POST", "/consents/{consent}/withdraw", FACILITY_POST),
}


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def client(english_client):
    return english_client


def _consent(world) -> ConsentRecord:
    return db.session.scalars(
        select(ConsentRecord).where(
            ConsentRecord.subject_kind == SUBJECT_KIND,
            ConsentRecord.subject_id == world.beneficiary.id,
        )
    ).one()


def _path(world, template: str) -> str:
    return template.format(beneficiary=world.beneficiary.id, consent=_consent(world).id)


def _log(world, action: AccessAction) -> int:
    db.session.expire_all()
    rows = db.session.scalars(
        select(AccessLogEntry).where(
            AccessLogEntry.subject_kind == SUBJECT_KIND,
            AccessLogEntry.subject_id == world.beneficiary.id,
            AccessLogEntry.action == action,
        )
    )
    return len(list(rows))


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("route", list(CONSENT_ROUTES))
def test_role_route_table(client, world, route, who):
    method, template, expected = CONSENT_ROUTES[route]
    if who != "anonymous":
        login(client, world.people[who])
    assert_status(client.open(_path(world, template), method=method), expected[who])


def test_each_look_at_a_consent_page_is_one_row_of_the_access_log(app, client, world):
    login(client, world.people["facility_officer"])
    views = _log(world, AccessAction.VIEW)
    assert client.get(_path(world, CONSENTS + "/new")).status_code == 200
    assert _log(world, AccessAction.VIEW) == views + 1
    other = app.test_client()
    login(other, world.people["other_officer"])
    assert other.get(_path(world, CONSENTS + "/new")).status_code == 403
    assert _log(world, AccessAction.VIEW) == views + 1


@pytest.mark.parametrize("door", ["facility page", "consent pages"])
def test_a_withdrawal_through_either_door_cancels_unused_vouchers_and_ends_issuing(
    client, world, door
):
    unused = issue(world).voucher
    login(client, world.people["facility_officer"])
    edits = _log(world, AccessAction.EDIT)
    if door == "facility page":
        path = f"/didimdol/facilities/{world.facility.id}/beneficiaries/{world.beneficiary.id}"
        data = {"said_on": seoul_today().isoformat(), "said_by": "person"}
        response = client.post(path + "/consent/withdraw", data=data)
    else:
        response = client.post(_path(world, "/consents/{consent}/withdraw"))
    assert response.status_code == 302
    assert f"/beneficiaries/{world.beneficiary.id}" in response.headers["Location"]
    assert _log(world, AccessAction.EDIT) == edits + 1
    assert not has_consent(Subject(SUBJECT_KIND, world.beneficiary.id), VOUCHER_CONSENT)
    assert reload(unused).status == VoucherStatus.CANCELLED
    reasons = db.session.scalars(
        select(LedgerEvent.reason).where(
            LedgerEvent.voucher_id == unused.id, LedgerEvent.kind == LedgerEventKind.CANCELLED
        )
    ).all()
    assert reasons == ["consent withdrawn"]
    person = reload(world.beneficiary)
    assert person.left_at is not None
    assert person.left_reason == LeftReason.CONSENT_WITHDRAWN_BY_PERSON
    with pytest.raises(NoLongerLookedAfter):
        issue(world, beneficiary=person)


def test_another_facility_s_officer_cannot_withdraw_and_nothing_changes(client, world):
    unused = issue(world).voucher
    login(client, world.people["other_officer"])
    assert client.post(_path(world, "/consents/{consent}/withdraw")).status_code == 403
    assert reload(_consent(world)).withdrawn_at is None
    assert reload(unused).status == VoucherStatus.ISSUED
    assert reload(world.beneficiary).left_at is None
