"""Consents on a need's page and the staff's forms: who may do what (the role x route table),
messages at the fields, the history staff see, an override approved by a second staff member,
and what a withdrawal hides (the need's words; a neighbour's need itself)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.accounts.models import Role
from app.clock import seoul_today
from app.consents.models import ConsentMethod, ConsentPurpose, ConsentRecord, LegalBasis
from app.consents.services import has_consent
from app.extensions import db
from app.pins.consent_records import NEED_FORM_NOTICE, need_subject
from app.pins.models import Pin, PinStatus
from tests.factories import field_error, login, make_organisation, make_user, reload
from tests.pins import test_pins as pins
from tests.pins.test_need_consent import for_a_neighbour
from tests.roles import LOGIN, assert_status, expect

world = pins.world
uploads = pins.uploads
PEOPLE = pins.PEOPLE
PUBLICATION = ConsentPurpose.PUBLICATION
COLLECTION = ConsentPurpose.COLLECTION_AND_USE
STAFF = {"staff_here": 200, "admin_here": 200}
BY_STAFF = {"staff_here": 302, "admin_here": 302}


@pytest.fixture
def client(english_client):
    return english_client


def consents_of(pin: Pin, purpose: ConsentPurpose | None = None) -> list[ConsentRecord]:
    query = select(ConsentRecord).where(
        ConsentRecord.subject_kind == "need", ConsentRecord.subject_id == pin.id
    )
    if purpose is not None:
        query = query.where(ConsentRecord.purpose == purpose)
    return list(db.session.scalars(query.order_by(ConsentRecord.id)))


def _expect(default, **exceptions):
    return expect(PEOPLE, default, **exceptions)


SIGNED_IN = {"anonymous": LOGIN}
ROUTES = {
    "record form": ("GET", "/consents/{kind}/{need}/new", _expect(403, **STAFF, **SIGNED_IN)),
    "record": ("POST", "/consents/{kind}/{need}/new", _expect(403, **STAFF, **SIGNED_IN)),
    "override form": (
        "GET",
        "/consents/{kind}/{need}/override",
        _expect(403, **STAFF, **SIGNED_IN),
    ),
    "override": ("POST", "/consents/{kind}/{need}/override", _expect(403, **STAFF, **SIGNED_IN)),
    "approve": ("POST", "/consents/{consent}/approve", _expect(403, **BY_STAFF, **SIGNED_IN)),
    "withdraw": (
        "POST",
        "/consents/{consent}/withdraw",
        _expect(403, author=302, **BY_STAFF, **SIGNED_IN),
    ),
    "unknown kind": ("GET", "/consents/{unknown}/{need}/new", _expect(404, **SIGNED_IN)),
    "an offer is no need": ("GET", "/consents/{kind}/{offer}/new", _expect(404, **SIGNED_IN)),
}


def _path(template: str, world) -> str:
    consent = consents_of(world.need, PUBLICATION)[0]
    return template.format(
        kind="need", unknown="beneficiary", need=world.need.id, offer=world.offer.id,
        consent=consent.id,
    )  # fmt: skip


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("route", list(ROUTES))
def test_role_route_table(client, world, route, who):
    method, template, expected = ROUTES[route]
    if who != "anonymous":
        login(client, world.people[who])
    response = client.open(_path(template, world), method=method)
    assert_status(response, expected[who])


def test_the_history_is_shown_to_the_areas_staff_and_the_author_only(client, world):
    for who, sees, sees_recorder in (
        ("staff_here", True, True),
        ("author", True, False),
        ("resident", False, False),
        ("staff_elsewhere", False, False),
        ("admin", False, False),
    ):
        login(client, world.people[who])
        page = client.get(f"/pins/{world.need.id}").get_data(as_text=True)
        assert ('id="consents-heading"' in page) is sees, who
        assert ("Recorded by" in page) is sees_recorder, who
        client.post("/logout")
    page = client.get(f"/pins/{world.need.id}").get_data(as_text=True)
    assert 'id="consents-heading"' not in page


def test_staff_record_a_consent_with_messages_at_the_fields(client, world):
    staff = world.people["staff_here"]
    login(client, staff)
    url = f"/consents/need/{world.need.id}/new"
    page = client.post(url, data={"purpose": "made-up", "method": "by_guardian"}).get_data(
        as_text=True
    )
    assert field_error(page, "purpose") == "Choose the purpose."
    assert field_error(page, "notice_version") == "Name the notice they read."
    assert field_error(page, "given_on") == "Enter the day consent was given."
    data = {
        "purpose": "provision_to_organisation",
        "method": "by_guardian",
        "guardian_relationship": "",
        "notice_version": "2026-12",
        "given_on": seoul_today().isoformat(),
    }
    page = client.post(url, data=data).get_data(as_text=True)
    assert field_error(page, "recipient") == (
        "Choose the organisation the information is provided to."
    )
    food_bank = make_organisation()
    data["recipient"] = str(food_bank.id)
    page = client.post(url, data=data).get_data(as_text=True)
    assert field_error(page, "guardian_relationship") == (
        "Say how the guardian is related to the person (for a person under 14)."
    )
    response = client.post(url, data=data | {"guardian_relationship": "grandmother"})
    assert response.status_code == 302
    record = consents_of(world.need, ConsentPurpose.PROVISION_TO_ORGANISATION)[0]
    assert (record.method, record.obtained_by_id, record.guardian_relationship) == (
        ConsentMethod.BY_GUARDIAN,
        staff.id,
        "grandmother",
    )
    assert has_consent(need_subject(world.need), record.purpose, food_bank)
    page = client.get(f"/pins/{world.need.id}").get_data(as_text=True)
    history = page.split('id="consents-heading"')[1]
    assert staff.display_name in history and "Provision to a named organisation" in history


def test_a_future_day_is_refused_at_its_field(client, world):
    login(client, world.people["staff_here"])
    data = {
        "purpose": "sensitive_data",
        "method": "signed_paper",
        "notice_version": "2026-12",
        "given_on": "2999-01-01",
    }
    page = client.post(f"/consents/need/{world.need.id}/new", data=data).get_data(as_text=True)
    assert field_error(page, "given_on") == "The day consent was given cannot be in the future."
    assert consents_of(world.need, ConsentPurpose.SENSITIVE_DATA) == []


def test_an_override_counts_once_another_staff_member_approves_it(client, world):
    requester = world.people["staff_here"]
    colleague = make_user(Role.STAFF)
    colleague.staff_areas = [world.gu]
    login(client, requester)
    url = f"/consents/need/{world.need.id}/override"
    page = client.post(url, data={"purpose": "sensitive_data", "legal_basis": "art_15_1_5"})
    assert field_error(page.get_data(as_text=True), "legal_basis_note") == (
        "Say in a few words why the basis applies."
    )
    note = "Found collapsed; the ambulance crew asked for his medication list"
    data = {"purpose": "sensitive_data", "legal_basis": "art_15_1_5", "legal_basis_note": note}
    assert client.post(url, data=data).status_code == 302
    override = consents_of(world.need, ConsentPurpose.SENSITIVE_DATA)[0]
    assert (override.legal_basis, override.approved_at) == (LegalBasis.ART_15_1_5, None)
    subject = need_subject(world.need)
    assert not has_consent(subject, ConsentPurpose.SENSITIVE_DATA)

    page = client.get(f"/pins/{world.need.id}").get_data(as_text=True)
    assert "Waiting for approval" in page and "Approve the override" not in page
    client.post(f"/consents/{override.id}/approve")  # by the requester: refused
    assert reload(override).approved_at is None
    client.post("/logout")

    login(client, colleague)
    assert "Approve the override" in client.get(f"/pins/{world.need.id}").get_data(as_text=True)
    assert client.post(f"/consents/{override.id}/approve").status_code == 302
    assert reload(override).approved_by_id == colleague.id
    assert has_consent(subject, ConsentPurpose.SENSITIVE_DATA)
    client.post("/logout")

    login(client, world.people["author"])  # the author's own consents only, not the office's
    page = client.get(f"/pins/{world.need.id}").get_data(as_text=True)
    assert "Publication" in page and "Sensitive information" not in page


def test_the_author_withdraws_publication_and_the_words_are_withheld_again(client, world):
    need = world.need
    assert need.text_shared and has_consent(need_subject(need), PUBLICATION)
    login(client, world.people["author"])
    consent = consents_of(need, PUBLICATION)[0]
    assert consent.person_id == world.people["author"].id
    assert client.post(f"/consents/{consent.id}/withdraw").status_code == 302
    assert reload(need).text_shared is False
    assert not has_consent(need_subject(need), PUBLICATION)
    assert reload(consent).withdrawn_by_id == world.people["author"].id
    client.post("/logout")
    public = client.get(f"/pins/{need.id}").get_data(as_text=True)
    assert need.description not in public


def test_a_need_for_a_neighbour_writes_a_consent_record_the_author_can_withdraw(client, world):
    author = world.people["resident"]
    login(client, author)
    response = client.post("/pins/new?kind=need", data=for_a_neighbour(world.category))
    assert response.status_code == 302
    need = db.session.scalars(select(Pin).where(Pin.author_id == author.id)).one()
    [collection] = consents_of(need, COLLECTION)
    assert (collection.method, collection.obtained_by_id, collection.notice_version) == (
        ConsentMethod.VERBAL_WITNESSED,  # "by phone": the author heard them agree
        author.id,
        NEED_FORM_NOTICE,
    )
    assert collection.given_on == need.consent.given_on
    assert has_consent(need_subject(need), COLLECTION)

    page = client.get(f"/pins/{need.id}").get_data(as_text=True)
    assert "Withdraw consent" in page
    assert client.post(f"/consents/{collection.id}/withdraw").status_code == 302
    assert reload(need).status == PinStatus.WITHDRAWN  # nothing about them stays on show
    assert not has_consent(need_subject(need), COLLECTION)


def test_a_need_for_oneself_then_for_a_neighbour_then_oneself_again(client, world):
    author = world.people["author"]
    login(client, author)
    need = world.need
    client.post(f"/pins/{need.id}/edit", data=for_a_neighbour(world.category))
    [collection] = consents_of(need, COLLECTION)
    assert collection.withdrawn_at is None
    client.post(f"/pins/{need.id}/edit", data=pins.valid_need(world.category) | {"for_whom": "me"})
    assert reload(collection).withdrawn_at is not None
    assert reload(need).status == PinStatus.OPEN  # ended by the edit, not withdrawn: no hiding


def test_withdrawing_needs_a_csrf_token(client, world, request):
    login(client, world.people["author"])
    request.getfixturevalue("csrf_on")
    consent = consents_of(world.need, PUBLICATION)[0]
    assert client.post(f"/consents/{consent.id}/withdraw").status_code == 400
    assert reload(consent).withdrawn_at is None
    page = client.get(f"/pins/{world.need.id}").get_data(as_text=True)
    form = re.search(rf'<form[^>]*action="/consents/{consent.id}/withdraw".*?</form>', page, re.S)
    assert form is not None and 'name="csrf_token"' in form.group(0)


def test_approving_a_consent_that_is_no_override_says_so(client, world):
    (publication,) = consents_of(world.need, ConsentPurpose.PUBLICATION)
    login(client, world.people["staff_here"])
    page = client.post(f"/consents/{publication.id}/approve", follow_redirects=True)
    text = page.get_data(as_text=True)
    assert "Only an override is approved: this record is a consent the person gave." in text
    assert "must be approved by another staff member" not in text
    assert reload(publication).approved_at is None
