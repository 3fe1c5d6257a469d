"""Didimdol's pages: who may do what (the role x route table); every look at a beneficiary is
one access-log row and another facility's officer gets 403; enrolment with the registration
number checked at its field and refused twice; a voucher issued through the pages and its slip
showing the code but no name."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select, text

from app.access_log import AccessAction, AccessLogEntry
from app.consents.models import ConsentRecord
from app.didimdol.facilities import SUBJECT_KIND
from app.didimdol.models import (
    Beneficiary,
    DonorEnrolment,
    EnrolmentStatus,
    LedgerEvent,
    LedgerEventKind,
    Voucher,
    VoucherStatus,
)
from app.extensions import db
from app.organisations.models import OrganisationType
from tests.didimdol.world import NAME_MARKER, PHONE_MARKER, build_world, issue
from tests.factories import field_error, login, make_organisation, reload
from tests.roles import LOGIN, assert_status, expect

PEOPLE = (
    "anonymous",
    "resident",
    "admin",
    "staff",
    "programme_officer",
    "donor_rep",
    "donor_staff",
    "other_donor",
    "facility_officer",
    "other_officer",
)
SIGNED_OUT = {"anonymous": LOGIN}
OFFICER = expect(PEOPLE, 403, programme_officer=200, **SIGNED_OUT)
FACILITY = expect(PEOPLE, 403, facility_officer=200, **SIGNED_OUT)
DONOR = expect(PEOPLE, 403, donor_rep=200, donor_staff=200, **SIGNED_OUT)
COUNTER = expect(PEOPLE, 403, donor_rep=200, donor_staff=200, other_donor=200, **SIGNED_OUT)

ROUTES = {
    "programme": ("GET", "/staff/didimdol", OFFICER),
    "decide enrolment (empty)": (
        "POST",
        "/staff/didimdol/enrolments/{enrolment}/status",
        expect(PEOPLE, 403, programme_officer=302, **SIGNED_OUT),
    ),
    "designate form": ("GET", "/staff/didimdol/facilities/new", OFFICER),
    "designate (empty)": ("POST", "/staff/didimdol/facilities/new", OFFICER),
    "enrol form": (
        "GET",
        "/didimdol/enrol/{business}",
        expect(PEOPLE, 403, donor_rep=200, **SIGNED_OUT),
    ),
    "enrol (empty)": (
        "POST",
        "/didimdol/enrol/{business}",
        expect(PEOPLE, 403, donor_rep=200, **SIGNED_OUT),
    ),
    "donor page": (
        "GET",
        "/didimdol/donors/{enrolment}",
        expect(PEOPLE, 404, programme_officer=200, donor_rep=200, donor_staff=200, **SIGNED_OUT),
    ),
    "pledge form": (
        "GET",
        "/didimdol/donors/{enrolment}/pledges/new",
        expect(PEOPLE, 404, programme_officer=403, donor_rep=200, donor_staff=200, **SIGNED_OUT),
    ),
    "pledge (empty)": (
        "POST",
        "/didimdol/donors/{enrolment}/pledges/new",
        expect(PEOPLE, 404, programme_officer=403, donor_rep=200, donor_staff=200, **SIGNED_OUT),
    ),
    "pledge step (empty)": (
        "POST",
        "/didimdol/pledges/{pledge}/status",
        expect(PEOPLE, 403, donor_rep=302, donor_staff=302, **SIGNED_OUT),
    ),
    "facility": ("GET", "/didimdol/facilities/{facility}", FACILITY),
    "beneficiary form": ("GET", "/didimdol/facilities/{facility}/beneficiaries/new", FACILITY),
    "beneficiary (empty)": ("POST", "/didimdol/facilities/{facility}/beneficiaries/new", FACILITY),
    "beneficiary": (
        "GET",
        "/didimdol/facilities/{facility}/beneficiaries/{beneficiary}",
        FACILITY,
    ),
    "issue form": (
        "GET",
        "/didimdol/facilities/{facility}/beneficiaries/{beneficiary}/vouchers/new",
        FACILITY,
    ),
    "issue (empty)": (
        "POST",
        "/didimdol/facilities/{facility}/beneficiaries/{beneficiary}/vouchers/new",
        FACILITY,
    ),
    "slip": ("GET", "/didimdol/vouchers/{voucher}/slip", FACILITY),
    "cancel form": ("GET", "/didimdol/vouchers/{voucher}/cancel", FACILITY),
    "cancel (empty)": ("POST", "/didimdol/vouchers/{voucher}/cancel", FACILITY),
    "redeem page": ("GET", "/redeem", COUNTER),
    "redeem look-up (empty)": ("POST", "/redeem", COUNTER),
    "redeem confirm (empty)": ("POST", "/redeem/confirm", COUNTER),
    "redeemed": (
        "GET",
        "/redeem/done/{redeemed}",
        expect(PEOPLE, 403, donor_rep=200, donor_staff=200, other_donor=404, **SIGNED_OUT),
    ),
    "reverse (empty)": (
        "POST",
        "/redeem/done/{redeemed}/reverse",
        expect(PEOPLE, 403, donor_rep=200, donor_staff=200, other_donor=404, **SIGNED_OUT),
    ),
}


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def client(english_client):
    return english_client


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("route", list(ROUTES))
def test_role_route_table(client, world, route, who):
    from app.didimdol.redemption import redeem

    method, template, expected = ROUTES[route]
    voucher = issue(world).voucher
    redeemed = issue(world)
    redeem(redeemed.code, "", world.enrolment, world.people["donor_staff"])
    if who != "anonymous":
        login(client, world.people[who])
    path = template.format(
        enrolment=world.enrolment.id,
        business=world.enrolment.organisation_id,
        pledge=world.pledge.id,
        facility=world.facility.id,
        beneficiary=world.beneficiary.id,
        voucher=voucher.id,
        redeemed=redeemed.voucher.id,
    )
    assert_status(client.open(path, method=method), expected[who])


def _views_of(beneficiary: Beneficiary) -> list[AccessLogEntry]:
    return list(
        db.session.scalars(
            select(AccessLogEntry).where(
                AccessLogEntry.subject_kind == SUBJECT_KIND,
                AccessLogEntry.subject_id == beneficiary.id,
                AccessLogEntry.action == AccessAction.VIEW,
            )
        )
    )


def test_every_look_at_a_beneficiary_is_logged_and_another_facility_gets_403(client, world):
    voucher = issue(world).voucher
    login(client, world.people["facility_officer"])
    pages = (
        f"/didimdol/facilities/{world.facility.id}",
        f"/didimdol/facilities/{world.facility.id}/beneficiaries/{world.beneficiary.id}",
        f"/didimdol/vouchers/{voucher.id}/slip",
    )
    for number, page in enumerate(pages, start=1):
        assert client.get(page).status_code == 200
        views = _views_of(world.beneficiary)
        assert len(views) == number
        assert views[-1].actor_id == world.people["facility_officer"].id
    shown = client.get(pages[1]).get_data(as_text=True)
    assert NAME_MARKER in shown and PHONE_MARKER in shown

    client.post("/logout")
    login(client, world.people["other_officer"])
    before = len(_views_of(world.beneficiary))
    for page in pages:
        assert client.get(page).status_code == 403
    # Its own facility's address with another's person: not found, and nothing logged.
    stranger = (
        f"/didimdol/facilities/{world.other_facility.id}/beneficiaries/{world.beneficiary.id}"
    )
    assert client.get(stranger).status_code == 404
    assert len(_views_of(world.beneficiary)) == before


def test_a_facility_cancels_an_unused_voucher_with_a_reason_in_the_ledger(client, world):
    voucher = issue(world).voucher
    login(client, world.people["facility_officer"])
    url = f"/didimdol/vouchers/{voucher.id}/cancel"
    page = client.post(url, data={"reason": ""}).get_data(as_text=True)
    assert field_error(page, "reason") == "Say in a few words why."
    assert client.post(url, data={"reason": "Lost by the holder"}).status_code == 302
    event = db.session.scalar(select(LedgerEvent).order_by(LedgerEvent.id.desc()))
    assert (event.kind, event.reason) == (LedgerEventKind.CANCELLED, "Lost by the holder")
    assert reload(voucher).status == VoucherStatus.CANCELLED
    assert client.get(url).status_code == 404  # nothing left to cancel


def test_the_slip_shows_the_code_and_its_qr_but_no_name(client, world):
    issued = issue(world)
    login(client, world.people["facility_officer"])
    page = client.get(f"/didimdol/vouchers/{issued.voucher.id}/slip").get_data(as_text=True)
    assert issued.code[:4] in page and "<svg" in page
    assert NAME_MARKER not in page and PHONE_MARKER not in page


def test_enrolment_checks_the_number_at_its_field_and_refuses_a_second_business_with_it(
    client, world
):
    rep = world.people["resident"]
    business = make_organisation(rep, type=OrganisationType.BUSINESS)
    login(client, rep)
    url = f"/didimdol/enrol/{business.id}"
    page = client.post(url, data={"business_number": "123-45-67890"}).get_data(as_text=True)
    assert field_error(page, "business_number").startswith("This is not a valid business")
    number = world.enrolment.business_number
    taken = f"{number[:3]}-{number[3:5]}-{number[5:]}"  # the world's donor holds it
    page = client.post(url, data={"business_number": taken}).get_data(as_text=True)
    assert field_error(page, "business_number") == (
        "A business with this registration number is already enrolled."
    )
    answer = client.post(url, data={"business_number": "110-81-34562"})
    assert answer.status_code == 302
    enrolment = db.session.scalar(
        select(DonorEnrolment).where(DonorEnrolment.organisation_id == business.id)
    )
    assert enrolment.status == EnrolmentStatus.REQUESTED
    assert enrolment.business_number == "1108134562"
    raw = db.session.execute(
        text("SELECT business_number FROM didimdol_enrolments WHERE id = :id"),
        {"id": enrolment.id},
    ).scalar()
    assert "1108134562" not in str(raw)


def test_a_facility_adds_a_child_with_a_guardian_s_consent_and_issues_through_the_pages(
    client, world
):
    login(client, world.people["facility_officer"])
    base = f"/didimdol/facilities/{world.facility.id}/beneficiaries/new"
    child = {
        "name": "Child Marker",
        "birth_year": "2016",
        "target_groups": ["older_alone"],
        "consent_method": "signed_paper",
        "consent_given_on": "2026-01-05",
    }
    page = client.post(base, data=child).get_data(as_text=True)
    assert field_error(page, "consent_method") == (
        "A person under 14 needs the consent of a legal guardian."
    )
    page = client.post(base, data={**child, "consent_method": "by_guardian"}).get_data(as_text=True)
    assert field_error(page, "guardian_relationship").startswith("Say who the guardian is")
    added = client.post(
        base, data={**child, "consent_method": "by_guardian", "guardian_relationship": "Mother"}
    )
    assert added.status_code == 302
    person_id = int(re.search(r"/beneficiaries/(\d+)", added.headers["Location"]).group(1))
    consent = db.session.scalar(
        select(ConsentRecord).where(
            ConsentRecord.subject_kind == SUBJECT_KIND, ConsentRecord.subject_id == person_id
        )
    )
    assert consent.guardian_relationship == "Mother"
    assert consent.obtained_by_id == world.people["facility_officer"].id

    issued = client.post(
        f"/didimdol/facilities/{world.facility.id}/beneficiaries/{person_id}/vouchers/new",
        data={"pledge": f"p{world.pledge.id}", "units": "1", "valid_until": "2030-01-31"},
    )
    assert issued.status_code == 302 and "/slip" in issued.headers["Location"]
    voucher = db.session.scalar(select(Voucher).where(Voucher.beneficiary_id == person_id))
    assert voucher.pledge_id == world.pledge.id
