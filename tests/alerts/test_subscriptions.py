"""Alert subscriptions: who may list, add, change and delete them (the role x route table),
what the form accepts, the bound per owner, and where people find them (/my, the
organisation's page)."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from app.accounts.models import Role
from app.alerts.models import AlertSubscription
from app.alerts.services import MAX_SUBSCRIPTIONS
from app.extensions import db
from app.organisations.models import OrganisationStatus
from tests.alerts.factories import make_places, subscribe
from tests.factories import (
    add_member,
    field_error,
    login,
    make_organisation,
    make_user,
    reload,
)
from tests.roles import LOGIN, assert_status, expect


@pytest.fixture
def client(english_client):
    return english_client


ROLES = [Role.RESIDENT, Role.ORG_MEMBER, Role.MODERATOR, Role.STAFF, Role.ADMIN]
PEOPLE = ["anonymous", *[r.value for r in ROLES], "owner", "representative", "member"]


@pytest.fixture
def world():
    places = make_places()
    owner = make_user()
    representative = make_user(Role.ORG_MEMBER)
    member = make_user(Role.ORG_MEMBER)
    organisation = make_organisation(representative=representative)
    add_member(organisation, member)
    people = {role.value: make_user(role) for role in ROLES}
    people.update(owner=owner, representative=representative, member=member)
    return SimpleNamespace(
        places=places,
        organisation=organisation,
        mine=subscribe(owner, [places.west]),
        theirs=subscribe(representative, [places.gu], organisation=organisation),
        people=people,
    )


def _expect(default, **exceptions):
    return expect(PEOPLE, default, **exceptions)


SIGNED_IN = {"anonymous": LOGIN}

ROUTES = {
    "list": ("GET", "/alerts", _expect(200, **SIGNED_IN)),
    "new": ("GET", "/alerts/new", _expect(200, **SIGNED_IN)),
    # An empty form comes back with its messages.
    "add": ("POST", "/alerts/new", _expect(200, **SIGNED_IN)),
    "edit mine": ("GET", "/alerts/{mine}/edit", _expect(404, owner=200, **SIGNED_IN)),
    # Nothing sent at all (not even a CSRF token): the alert is saved as it was.
    "save mine": ("POST", "/alerts/{mine}/edit", _expect(404, owner=302, **SIGNED_IN)),
    "delete mine": ("POST", "/alerts/{mine}/delete", _expect(404, owner=302, **SIGNED_IN)),
    "edit the organisation's": (
        "GET",
        "/alerts/{theirs}/edit",
        _expect(404, representative=200, **SIGNED_IN),
    ),
    "delete the organisation's": (
        "POST",
        "/alerts/{theirs}/delete",
        _expect(404, representative=302, **SIGNED_IN),
    ),
    "the organisation's list": (
        "GET",
        "/organisations/{organisation}/alerts",
        _expect(403, representative=200, **SIGNED_IN),
    ),
    "the organisation's new": (
        "GET",
        "/organisations/{organisation}/alerts/new",
        _expect(403, representative=200, **SIGNED_IN),
    ),
    "the organisation's add": (
        "POST",
        "/organisations/{organisation}/alerts/new",
        _expect(403, representative=200, **SIGNED_IN),
    ),
}


def _path(template: str, world) -> str:
    return template.format(
        mine=world.mine.id, theirs=world.theirs.id, organisation=world.organisation.id
    )


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("route", list(ROUTES))
def test_role_route_table(client, world, route, who):
    method, template, expected = ROUTES[route]
    if who != "anonymous":
        login(client, world.people[who])
    response = client.open(_path(template, world), method=method, data={})
    assert_status(response, expected[who])


def _signed_in(app, person):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    login(client, person)
    return client


def test_an_organisation_pending_verification_hides_its_alerts_from_strangers(app, world):
    creator = make_user()
    pending = make_organisation(representative=creator, status=OrganisationStatus.PENDING)
    path = f"/organisations/{pending.id}/alerts"
    assert _signed_in(app, world.people["owner"]).get(path).status_code == 404
    assert _signed_in(app, creator).get(path).status_code == 200


def _count(**where) -> int:
    statement = select(func.count(AlertSubscription.id)).filter_by(**where)
    return db.session.scalar(statement) or 0


def _form(places, **changes) -> dict:
    data = {
        "kinds": ["needs", "offers"],
        "areas": [str(places.west.id), str(places.gu.id)],
        "categories": [str(places.food.id)],
    }
    data.update(changes)
    return data


def test_a_person_adds_an_alert_for_dongs_a_gu_and_a_category(client, world):
    person = world.people["resident"]
    login(client, person)
    page = client.get("/alerts/new").get_data(as_text=True)
    assert f"All of {world.places.gu.name_en}" in page  # a gu heads its dongs' group
    response = client.post("/alerts/new", data=_form(world.places))
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/alerts")
    (alert,) = db.session.scalars(select(AlertSubscription).filter_by(user_id=person.id))
    assert (alert.needs, alert.offers, alert.organisation_id) == (True, True, None)
    assert {a.id for a in alert.areas} == {world.places.west.id, world.places.gu.id}
    assert [c.id for c in alert.categories] == [world.places.food.id]
    listed = client.get("/alerts").get_data(as_text=True)
    assert "New needs and offers" in listed and "Food" in listed


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"kinds": []}, "kinds", "Choose new needs, new offers or both."),
        ({"kinds": ["gossip"]}, "kinds", "Choose new needs, new offers or both."),
        ({"areas": []}, "areas", "Choose at least one dong or gu."),
        ({"areas": ["999999"]}, "areas", "Choose from the listed areas."),
        ({"categories": ["999999"]}, "categories", "Choose from the listed categories."),
    ],
)
def test_bad_choices_are_answered_at_their_field(client, world, changes, field, message):
    person = world.people["resident"]
    login(client, person)
    response = client.post("/alerts/new", data=_form(world.places, **changes))
    assert response.status_code == 200
    assert field_error(response.get_data(as_text=True), field) == message
    assert _count(user_id=person.id) == 0


def test_no_category_ticked_means_every_category(client, world):
    person = world.people["resident"]
    login(client, person)
    client.post("/alerts/new", data=_form(world.places, categories=[]))
    (alert,) = db.session.scalars(select(AlertSubscription).filter_by(user_id=person.id))
    assert alert.categories == []
    assert "All categories" in client.get("/alerts").get_data(as_text=True)


def test_the_same_form_sent_twice_adds_one_alert(client, world):
    person = world.people["resident"]
    login(client, person)
    page = client.get("/alerts/new").get_data(as_text=True)
    key = re.search(r'name="submission_key"[^>]*value="([^"]+)"', page).group(1)
    for _ in range(2):
        response = client.post("/alerts/new", data=_form(world.places, submission_key=key))
        assert response.status_code == 302
    assert _count(user_id=person.id) == 1


def test_a_person_has_at_most_the_bound_and_is_told_at_the_field(client, world):
    person = world.people["resident"]
    for _ in range(MAX_SUBSCRIPTIONS):
        subscribe(person, [world.places.east])
    login(client, person)
    assert "the most allowed" in client.get("/alerts").get_data(as_text=True)
    response = client.post("/alerts/new", data=_form(world.places))
    assert response.status_code == 200
    message = field_error(response.get_data(as_text=True), "areas")
    assert message and f"already have {MAX_SUBSCRIPTIONS} alerts" in message
    assert _count(user_id=person.id) == MAX_SUBSCRIPTIONS


def test_the_bound_counts_an_organisation_apart_from_its_representative(client, world):
    representative = world.people["representative"]
    for _ in range(MAX_SUBSCRIPTIONS - 1):  # the fixture made one already
        subscribe(representative, [world.places.east], organisation=world.organisation)
    login(client, representative)
    path = f"/organisations/{world.organisation.id}/alerts/new"
    page = client.post(path, data=_form(world.places)).get_data(as_text=True)
    message = field_error(page, "areas")
    assert message and "the most allowed" in message
    assert client.post("/alerts/new", data=_form(world.places)).status_code == 302


def test_the_owner_changes_and_deletes_their_alert(client, world):
    login(client, world.people["owner"])
    page = client.get(f"/alerts/{world.mine.id}/edit").get_data(as_text=True)
    assert re.search(rf'value="{world.places.west.id}"[^>]*checked', page)
    response = client.post(
        f"/alerts/{world.mine.id}/edit",
        data=_form(world.places, kinds=["offers"], areas=[str(world.places.east.id)]),
    )
    assert response.status_code == 302
    alert = reload(world.mine)
    assert (alert.needs, alert.offers) == (False, True)
    assert [a.id for a in alert.areas] == [world.places.east.id]
    alert_id = world.mine.id
    assert client.post(f"/alerts/{alert_id}/delete").status_code == 302
    db.session.expire_all()
    assert db.session.get(AlertSubscription, alert_id) is None


def test_a_representative_adds_an_alert_for_the_organisation(client, world):
    representative = world.people["representative"]
    login(client, representative)
    path = f"/organisations/{world.organisation.id}/alerts/new"
    response = client.post(path, data=_form(world.places))
    assert response.headers["Location"].endswith(f"/organisations/{world.organisation.id}/alerts")
    assert _count(organisation_id=world.organisation.id) == 2
    assert _count(user_id=representative.id) == 0  # the organisation's, not theirs


def test_a_member_who_is_not_representative_changes_nothing(client, world):
    login(client, world.people["member"])
    path = f"/organisations/{world.organisation.id}/alerts/new"
    assert client.post(path, data=_form(world.places)).status_code == 403
    assert client.post(f"/alerts/{world.theirs.id}/delete").status_code == 404
    assert _count(organisation_id=world.organisation.id) == 1


@pytest.mark.parametrize("path", ["/alerts/new", "/alerts/{mine}/edit", "/alerts/{mine}/delete"])
def test_every_change_needs_a_csrf_token(client, world, request, path):
    login(client, world.people["owner"])
    request.getfixturevalue("csrf_on")
    response = client.post(_path(path, world), data=_form(world.places))
    assert response.status_code == 400
    assert [a.id for a in reload(world.mine).areas] == [world.places.west.id]
    assert _count(user_id=world.people["owner"].id) == 1


def test_my_page_and_the_organisation_page_lead_to_the_alerts(app, client, world):
    login(client, world.people["representative"])
    my_page = client.get("/my").get_data(as_text=True)
    assert 'href="/alerts"' in my_page
    organisation_alerts = f'href="/organisations/{world.organisation.id}/alerts"'
    assert organisation_alerts in my_page
    page = client.get(f"/organisations/{world.organisation.id}").get_data(as_text=True)
    assert organisation_alerts in page
    member = _signed_in(app, world.people["member"])
    page = member.get(f"/organisations/{world.organisation.id}").get_data(as_text=True)
    assert organisation_alerts not in page
    my_page = member.get("/my").get_data(as_text=True)
    assert 'href="/alerts"' in my_page and organisation_alerts not in my_page
