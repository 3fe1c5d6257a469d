"""Organisations: the registry, its pages, membership and the representative's role."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from app.accounts.models import Role
from app.areas.models import AreaLevel
from app.extensions import db
from app.organisations.models import (
    Membership,
    MembershipStatus,
    Organisation,
    OrganisationStatus,
    OrganisationType,
)
from tests.factories import (
    add_member,
    field_error,
    login,
    make_area,
    make_organisation,
    make_user,
    reload,
)
from tests.roles import LOGIN, assert_status, expect


@pytest.fixture
def client(english_client):
    return english_client


def organisation_count() -> int:
    return db.session.scalar(select(func.count(Organisation.id)))


VALID_ORGANISATION = {
    "name_ko": "희망나눔봉사단",
    "name_en": "Hope Sharing Volunteers",
    "type": "civic_group",
    "area_id": "",
    "contact_email": "hello@hope.example.org",
    "contact_phone": "02-123-4567",
    "website": "https://hope.example.org",
    "description": "We visit neighbours living alone.",
}


# --- who may do what: the role x route table ---------------------------------------------------

ROLES = [Role.RESIDENT, Role.ORG_MEMBER, Role.MODERATOR, Role.STAFF, Role.ADMIN]
PEOPLE = ["anonymous", *[r.value for r in ROLES], "representative", "member", "creator"]


@pytest.fixture
def world():
    """A verified organisation (representative, member, one waiting request), a pending one
    (its creator), and one person of each role who belongs to neither."""
    representative = make_user(Role.ORG_MEMBER)
    member = make_user(Role.ORG_MEMBER)
    requester = make_user(Role.RESIDENT)
    creator = make_user(Role.RESIDENT)
    verified = make_organisation(representative=representative)
    member_ship = add_member(verified, member)
    request = add_member(verified, requester, MembershipStatus.PENDING)
    pending = make_organisation(representative=creator, status=OrganisationStatus.PENDING)
    people = {role.value: make_user(role) for role in ROLES}
    people.update(representative=representative, member=member, creator=creator)
    return SimpleNamespace(
        verified=verified, pending=pending, membership=member_ship, request=request, people=people
    )


def _expect(default, **exceptions):
    return expect(PEOPLE, default, **exceptions)


SIGNED_IN = {"anonymous": LOGIN}

ROUTES = {
    "list": ("GET", "/organisations", _expect(200)),
    "new": ("GET", "/organisations/new", _expect(200, **SIGNED_IN)),
    "mine": ("GET", "/account/organisations", _expect(200, **SIGNED_IN)),
    "page verified": ("GET", "/organisations/{verified}", _expect(200)),
    "page pending": (
        "GET",
        "/organisations/{pending}",
        _expect(404, admin=200, creator=200),
    ),
    "edit verified": (
        "GET",
        "/organisations/{verified}/edit",
        _expect(403, admin=200, representative=200, creator=403, **SIGNED_IN),
    ),
    "edit pending": (
        "GET",
        "/organisations/{pending}/edit",
        _expect(404, admin=200, creator=200, **SIGNED_IN),
    ),
    "join verified": ("POST", "/organisations/{verified}/join", _expect(302, **SIGNED_IN)),
    "join pending": (
        "POST",
        "/organisations/{pending}/join",
        _expect(404, admin=302, creator=302, **SIGNED_IN),
    ),
    "leave": (
        "POST",
        "/organisations/{verified}/leave",
        _expect(403, member=302, representative=302, **SIGNED_IN),
    ),
    "approve": (
        "POST",
        "/organisations/{verified}/memberships/{request}/approve",
        _expect(403, admin=302, representative=302, **SIGNED_IN),
    ),
    "decline": (
        "POST",
        "/organisations/{verified}/memberships/{request}/decline",
        _expect(403, admin=302, representative=302, **SIGNED_IN),
    ),
    "hand over": (
        "POST",
        "/organisations/{verified}/memberships/{membership}/representative",
        _expect(403, admin=302, representative=302, **SIGNED_IN),
    ),
    "approve on a pending organisation": (
        "POST",
        "/organisations/{pending}/memberships/{request}/approve",
        _expect(404, admin=404, creator=404, **SIGNED_IN),
    ),
}


def _path(template: str, world) -> str:
    return template.format(
        verified=world.verified.id,
        pending=world.pending.id,
        request=world.request.id,
        membership=world.membership.id,
    )


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("route", list(ROUTES))
def test_role_route_table(client, world, route, who):
    method, template, expected = ROUTES[route]
    if who != "anonymous":
        login(client, world.people[who])
    response = client.open(_path(template, world), method=method)
    assert_status(response, expected[who])


def test_a_membership_of_another_organisation_is_not_found(client, world):
    other = make_organisation(representative=make_user())
    stranger_request = add_member(other, make_user(), MembershipStatus.PENDING)
    login(client, world.people["representative"])
    path = f"/organisations/{world.verified.id}/memberships/{stranger_request.id}/approve"
    assert client.post(path).status_code == 404
    assert reload(stranger_request).status == MembershipStatus.PENDING


POST_ROUTES = [
    "/organisations/new",
    "/organisations/{verified}/edit",
    "/organisations/{verified}/join",
    "/organisations/{verified}/leave",
    "/organisations/{verified}/memberships/{request}/approve",
    "/organisations/{verified}/memberships/{request}/decline",
    "/organisations/{verified}/memberships/{membership}/representative",
]


@pytest.mark.parametrize("template", POST_ROUTES)
def test_every_change_needs_a_csrf_token(client, world, request, template):
    login(client, world.people["admin"])
    request.getfixturevalue("csrf_on")
    response = client.post(_path(template, world), data=VALID_ORGANISATION)
    assert response.status_code == 400
    assert reload(world.request).status == MembershipStatus.PENDING
    assert reload(world.membership) is not None


def test_the_pages_carry_csrf_tokens(client, world, request):
    login(client, world.people["representative"])
    request.getfixturevalue("csrf_on")
    page = client.get(f"/organisations/{world.verified.id}").get_data(as_text=True)
    forms = re.findall(r"<form[^>]*method=\"post\".*?</form>", page, re.S)
    assert len(forms) >= 4  # leave, hand over, approve, decline (and the language switch)
    assert all('name="csrf_token"' in form for form in forms)


# --- creating, verifying, listing --------------------------------------------------------------


def test_create_makes_a_pending_organisation_that_only_its_creator_sees(client):
    creator = make_user()
    login(client, creator)
    response = client.post("/organisations/new", data=VALID_ORGANISATION)
    assert response.status_code == 302
    organisation = db.session.scalar(
        select(Organisation).where(Organisation.name_ko == "희망나눔봉사단")
    )
    assert organisation.status == OrganisationStatus.PENDING
    assert organisation.created_by_id == creator.id
    assert organisation.type == OrganisationType.CIVIC_GROUP
    assert organisation.area_id is None
    [membership] = organisation.memberships
    assert membership.user_id == creator.id
    assert membership.is_representative and membership.status == MembershipStatus.APPROVED
    assert response.headers["Location"].endswith(f"/organisations/{organisation.id}")

    page = client.get(f"/organisations/{organisation.id}").get_data(as_text=True)
    assert "Awaiting verification" in page
    assert "hello@hope.example.org" in page

    anonymous = client.application.test_client()
    assert anonymous.get(f"/organisations/{organisation.id}").status_code == 404
    assert "Hope Sharing Volunteers" not in anonymous.get("/organisations?lang=en").get_data(
        as_text=True
    )


def test_verified_organisations_are_listed_and_the_creator_becomes_an_org_member(client):
    creator = make_user()
    organisation = make_organisation(
        representative=creator, status=OrganisationStatus.PENDING, name_en="Listed Later"
    )
    admin = make_user(Role.ADMIN)
    assert "Listed Later" not in client.get("/organisations").get_data(as_text=True)
    login(client, admin)
    response = client.post(f"/admin/organisations/{organisation.id}/verify")
    assert response.status_code == 302
    organisation = reload(organisation)
    assert organisation.status == OrganisationStatus.VERIFIED
    assert organisation.reviewed_by_id == admin.id and organisation.reviewed_at is not None
    assert reload(creator).role == Role.ORG_MEMBER
    assert "Listed Later" in client.get("/organisations").get_data(as_text=True)


def test_the_list_filters_by_type_and_name_and_pages(client):
    make_organisation(type=OrganisationType.BUSINESS, name_en="Corner Bakery")
    make_organisation(type=OrganisationType.WELFARE_CENTRE, name_en="Jongno Welfare Centre")
    make_organisation(name_ko="나눔가게", name_en="Sharing Shop")
    make_organisation(status=OrganisationStatus.REJECTED, name_en="Rejected Bakery")

    page = client.get("/organisations?type=business").get_data(as_text=True)
    assert "Corner Bakery" in page and "Jongno Welfare Centre" not in page
    assert "Rejected Bakery" not in page
    page = client.get("/organisations?q=welfare").get_data(as_text=True)
    assert "Jongno Welfare Centre" in page and "Corner Bakery" not in page
    page = client.get("/organisations?q=나눔").get_data(as_text=True)
    assert "Sharing Shop" in page and "Corner Bakery" not in page
    page = client.get("/organisations?q=100%25").get_data(as_text=True)
    assert "Corner Bakery" not in page  # % is a character to find, not a wildcard
    assert client.get("/organisations?type=nonsense").status_code == 200

    for n in range(21):
        make_organisation(type=OrganisationType.RELIGIOUS_BODY, name_ko=f"가{n:02d}")
    first = client.get("/organisations?type=religious_body").get_data(as_text=True)
    assert "Page 1 of 2" in first and "type=religious_body" in first
    second = client.get("/organisations?type=religious_body&page=2").get_data(as_text=True)
    assert "Page 2 of 2" in second


def test_names_are_shown_in_the_readers_language(client):
    organisation = make_organisation(name_ko="희망복지관", name_en="Hope Welfare Centre")
    korean = client.get(f"/organisations/{organisation.id}?lang=ko").get_data(as_text=True)
    english = client.get(f"/organisations/{organisation.id}?lang=en").get_data(as_text=True)
    assert "<h1>희망복지관</h1>" in korean
    assert "<h1>Hope Welfare Centre</h1>" in english


def test_an_area_can_be_chosen_from_the_existing_ones(client):
    gu = make_area(level=AreaLevel.GU, name_en="Jongno-gu")
    dong = make_area(parent=gu, name_en="Sajik-dong")
    login(client, make_user())
    form = client.get("/organisations/new?lang=en").get_data(as_text=True)
    assert '<optgroup label="Jongno-gu">' in form and "Sajik-dong" in form
    response = client.post("/organisations/new", data={**VALID_ORGANISATION, "area_id": dong.id})
    assert response.status_code == 302
    organisation = db.session.scalar(select(Organisation).order_by(Organisation.id.desc()))
    assert organisation.area_id == dong.id


LONG = "가" * 161

INVALID = [
    ("name_ko", "", "Enter the organisation's Korean name."),
    ("name_ko", "   ", "Enter the organisation's Korean name."),
    ("name_ko", LONG, "Use at most 160 characters."),
    ("name_en", "x" * 161, "Use at most 160 characters."),
    ("type", "", "Choose the type of organisation."),
    ("type", "secret_society", "Choose the type of organisation."),
    ("area_id", "999999", "Choose one of the listed areas."),
    ("area_id", "north", "Choose one of the listed areas."),
    ("contact_email", "not-an-email", "Enter a valid email address."),
    ("contact_phone", "call me maybe", "Enter a phone number"),
    ("contact_phone", "0" * 41, "Use at most 40 characters."),
    ("website", "javascript:alert(1)", "Enter a web address"),
    ("website", "ftp://files.example.org", "Enter a web address."),
    ("website", "https://", "Enter a web address"),
    ("description", "x" * 4001, "Use at most 4000 characters."),
]


@pytest.mark.parametrize(("field", "value", "message"), INVALID)
def test_bad_input_is_refused_at_the_field_and_nothing_is_saved(client, field, value, message):
    login(client, make_user())
    before = organisation_count()
    response = client.post("/organisations/new", data={**VALID_ORGANISATION, field: value})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert message in (field_error(html, field) or "")
    assert 'role="alert"' in html
    assert organisation_count() == before


@pytest.mark.parametrize(("field", "value", "message"), INVALID)
def test_bad_edits_are_refused_and_nothing_changes(client, field, value, message):
    representative = make_user()
    organisation = make_organisation(
        representative=representative, name_ko="그대로", website="https://old.example.org"
    )
    login(client, representative)
    data = {**VALID_ORGANISATION, field: value}
    response = client.post(f"/organisations/{organisation.id}/edit", data=data)
    assert message in (field_error(response.get_data(as_text=True), field) or "")
    organisation = reload(organisation)
    assert organisation.name_ko == "그대로"
    assert organisation.type == OrganisationType.CIVIC_GROUP
    assert organisation.website == "https://old.example.org"


def test_a_web_address_without_a_scheme_is_read_as_https(client):
    login(client, make_user())
    data = {**VALID_ORGANISATION, "website": "www.hope.example.org"}
    assert client.post("/organisations/new", data=data).status_code == 302
    organisation = db.session.scalar(select(Organisation).order_by(Organisation.id.desc()))
    assert organisation.website == "https://www.hope.example.org"


def test_the_representative_edits_the_details(client):
    representative = make_user()
    organisation = make_organisation(representative=representative)
    login(client, representative)
    data = {**VALID_ORGANISATION, "name_ko": "새 이름", "contact_email": ""}
    response = client.post(f"/organisations/{organisation.id}/edit", data=data)
    assert response.status_code == 302
    organisation = reload(organisation)
    assert organisation.name_ko == "새 이름" and organisation.contact_email is None
    assert organisation.status == OrganisationStatus.VERIFIED


# --- turned down -------------------------------------------------------------------------------


def test_the_reason_for_turning_down_is_shown_to_the_creator_who_can_ask_again(client):
    creator = make_user()
    organisation = make_organisation(representative=creator, status=OrganisationStatus.PENDING)
    login(client, make_user(Role.ADMIN))
    client.post(
        f"/admin/organisations/{organisation.id}/reject",
        data={"reason": "Please give the address of your office."},
    )
    client.post("/logout")

    login(client, creator)
    page = client.get(f"/organisations/{organisation.id}").get_data(as_text=True)
    assert "Not verified" in page
    assert "Please give the address of your office." in page

    response = client.post(f"/organisations/{organisation.id}/edit", data=VALID_ORGANISATION)
    assert response.status_code == 302
    organisation = reload(organisation)
    assert organisation.status == OrganisationStatus.PENDING
    assert organisation.rejection_reason is None


# --- membership --------------------------------------------------------------------------------


def test_join_request_approved_by_the_representative_makes_a_member(client):
    representative = make_user(Role.ORG_MEMBER)
    organisation = make_organisation(representative=representative)
    resident = make_user(Role.RESIDENT)
    login(client, resident)
    response = client.post(
        f"/organisations/{organisation.id}/join", data={"message": "주말에 돕고 싶어요"}
    )
    assert response.status_code == 302
    membership = db.session.scalar(select(Membership).where(Membership.user_id == resident.id))
    assert membership.status == MembershipStatus.PENDING
    assert membership.message == "주말에 돕고 싶어요"
    assert "waiting for the representative" in client.get(
        f"/organisations/{organisation.id}"
    ).get_data(as_text=True)
    again = client.post(f"/organisations/{organisation.id}/join", follow_redirects=True)
    assert "already waiting" in again.get_data(as_text=True)
    client.post("/logout")

    login(client, representative)
    mine = client.get("/account/organisations").get_data(as_text=True)
    assert resident.display_name in mine and "주말에 돕고 싶어요" in mine
    response = client.post(
        f"/organisations/{organisation.id}/memberships/{membership.id}/approve",
        data={"next": "/account/organisations"},
    )
    assert response.headers["Location"].endswith("/account/organisations")
    membership = reload(membership)
    assert membership.status == MembershipStatus.APPROVED
    assert membership.decided_by_id == representative.id
    assert reload(resident).role == Role.ORG_MEMBER
    again = client.post(
        f"/organisations/{organisation.id}/memberships/{membership.id}/decline",
        follow_redirects=True,
    )
    assert "already been decided" in again.get_data(as_text=True)
    assert reload(membership).status == MembershipStatus.APPROVED


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.STAFF, Role.ADMIN, Role.ORG_MEMBER])
def test_approval_never_changes_other_roles(client, role):
    representative = make_user()
    organisation = make_organisation(representative=representative)
    person = make_user(role)
    membership = add_member(organisation, person, MembershipStatus.PENDING)
    login(client, representative)
    client.post(f"/organisations/{organisation.id}/memberships/{membership.id}/approve")
    assert reload(membership).status == MembershipStatus.APPROVED
    assert reload(person).role == role


def test_a_declined_request_leaves_the_role_and_may_be_asked_again(client):
    representative = make_user()
    organisation = make_organisation(representative=representative)
    resident = make_user()
    membership = add_member(organisation, resident, MembershipStatus.PENDING)
    login(client, representative)
    client.post(f"/organisations/{organisation.id}/memberships/{membership.id}/decline")
    assert reload(membership).status == MembershipStatus.DECLINED
    assert reload(resident).role == Role.RESIDENT
    client.post("/logout")

    login(client, resident)
    mine = client.get("/account/organisations").get_data(as_text=True)
    assert "Request declined" in mine
    page = client.get(f"/organisations/{organisation.id}").get_data(as_text=True)
    assert "You may ask again" in page
    client.post(f"/organisations/{organisation.id}/join")
    assert reload(membership).status == MembershipStatus.PENDING


def test_a_too_long_join_message_is_refused_at_the_field(client):
    organisation = make_organisation(representative=make_user())
    login(client, make_user())
    data = {"message": "x" * 501}
    response = client.post(f"/organisations/{organisation.id}/join", data=data)
    assert response.status_code == 200
    assert "Use at most 500 characters." in field_error(response.get_data(as_text=True), "message")
    assert len(reload(organisation).memberships) == 1


def test_pending_organisations_take_no_members(client):
    creator = make_user()
    organisation = make_organisation(representative=creator, status=OrganisationStatus.PENDING)
    admin = make_user(Role.ADMIN)
    login(client, admin)
    response = client.post(f"/organisations/{organisation.id}/join", follow_redirects=True)
    assert "Only verified organisations take new members." in response.get_data(as_text=True)
    assert len(reload(organisation).memberships) == 1


def test_the_representative_hands_over_the_role_and_can_then_leave(client):
    representative = make_user(Role.ORG_MEMBER)
    organisation = make_organisation(representative=representative)
    member = make_user(Role.ORG_MEMBER)
    membership = add_member(organisation, member)
    waiting = add_member(organisation, make_user(), MembershipStatus.PENDING)
    login(client, representative)

    refused = client.post(f"/organisations/{organisation.id}/leave", follow_redirects=True)
    assert "only representative" in refused.get_data(as_text=True)
    assert len(reload(organisation).memberships) == 3

    not_member = client.post(
        f"/organisations/{organisation.id}/memberships/{waiting.id}/representative",
        follow_redirects=True,
    )
    assert "Only an approved member" in not_member.get_data(as_text=True)
    assert reload(waiting).is_representative is False

    client.post(f"/organisations/{organisation.id}/memberships/{membership.id}/representative")
    organisation = reload(organisation)
    assert organisation.representative().id == member.id
    old = next(m for m in organisation.memberships if m.user_id == representative.id)
    assert old.status == MembershipStatus.APPROVED and not old.is_representative
    # No longer the representative: no decisions, no edits.
    edit = client.get(f"/organisations/{organisation.id}/edit")
    assert edit.status_code == 403

    response = client.post(f"/organisations/{organisation.id}/leave")
    assert response.headers["Location"].endswith("/account/organisations")
    assert reload(representative).role == Role.RESIDENT  # in no verified organisation now
    assert all(m.user_id != representative.id for m in reload(organisation).memberships)


def test_a_waiting_request_can_be_withdrawn(client):
    organisation = make_organisation(representative=make_user())
    resident = make_user()
    add_member(organisation, resident, MembershipStatus.PENDING)
    login(client, resident)
    client.post(f"/organisations/{organisation.id}/leave")
    assert all(m.user_id != resident.id for m in reload(organisation).memberships)


def test_contacts_are_public_and_the_member_list_is_for_members_only(client):
    representative = make_user(display_name="Rep Kim")
    organisation = make_organisation(
        representative=representative,
        contact_email="office@centre.example",
        contact_phone="02-730-1234",
    )
    add_member(organisation, make_user(display_name="Member Lee"))
    public = client.get(f"/organisations/{organisation.id}").get_data(as_text=True)
    assert "office@centre.example" in public and "02-730-1234" in public
    assert "Member Lee" not in public and "Rep Kim" not in public
    login(client, representative)
    page = client.get(f"/organisations/{organisation.id}").get_data(as_text=True)
    assert "Member Lee" in page and '<th scope="col">' in page


def test_my_organisations_lists_memberships_with_their_status(client):
    person = make_user()
    verified = make_organisation(representative=person, name_en="Mine Verified")
    pending = make_organisation(
        representative=person, status=OrganisationStatus.PENDING, name_en="Mine Pending"
    )
    elsewhere = make_organisation(name_en="Waiting Elsewhere")
    add_member(elsewhere, person, MembershipStatus.PENDING)
    login(client, person)
    page = client.get("/account/organisations").get_data(as_text=True)
    for name in ("Mine Verified", "Mine Pending", "Waiting Elsewhere"):
        assert name in page
    assert "Awaiting verification" in page and "Request pending" in page
    assert f"/organisations/{verified.id}" in page and f"/organisations/{pending.id}" in page
