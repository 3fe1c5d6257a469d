"""The administrators' Open311 partners: who may manage them (the role x route table), a new
partner's key shown once and stored only as a hash, a revoked key refused at once."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.accounts.models import Role
from app.extensions import db
from app.open311.models import Open311Partner
from app.open311.services import add_partner, key_hash
from tests.factories import field_error, login, make_user, reload
from tests.roles import LOGIN, assert_status, expect

PEOPLE = ("anonymous", "resident", "staff", "moderator", "admin")


@pytest.fixture
def client(english_client):
    return english_client


@pytest.fixture
def partner():
    return add_partner("Bridge of the national app", "ops@example.org", make_user(Role.ADMIN))


ADMINS = expect(PEOPLE, 403, admin=200, anonymous=LOGIN)
ROUTES = {
    "partners": ("GET", "/admin/open311", ADMINS),
    "new partner form": ("GET", "/admin/open311/new", ADMINS),
    "new partner (empty)": ("POST", "/admin/open311/new", ADMINS),
    "revoke": (
        "POST",
        "/admin/open311/{partner}/revoke",
        expect(PEOPLE, 403, admin=302, anonymous=LOGIN),
    ),
}


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("route", list(ROUTES))
def test_role_route_table(client, partner, route, who):
    method, template, expected = ROUTES[route]
    if who != "anonymous":
        login(client, make_user(Role(who)))
    path = template.format(partner=partner.partner.id)
    assert_status(client.open(path, method=method), expected[who])


def test_a_new_partners_key_is_shown_once_and_kept_only_as_a_hash(client):
    login(client, make_user(Role.ADMIN))
    page = client.post("/admin/open311/new", data={"name": " "}).get_data(as_text=True)
    assert field_error(page, "name") == "Name the partner."
    response = client.post(
        "/admin/open311/new", data={"name": "129 Call centre", "contact": "Duty desk"}
    )
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    key = re.search(r"<code data-partner-key>([^<]+)</code>", response.get_data(as_text=True))
    assert key is not None
    stored = db.session.scalars(select(Open311Partner)).one()
    assert stored.key_hash == key_hash(key.group(1)) != key.group(1)
    listing = client.get("/admin/open311").get_data(as_text=True)
    assert "129 Call centre" in listing and key.group(1) not in listing


def test_a_revoked_key_is_refused_from_then_on(client, partner):
    def send():
        return client.post(
            "/open311/v2/requests.json",
            data={"api_key": partner.key, "service_code": "report-health"},
        )

    assert send().status_code == 400  # the key is good: only the request's fields are missing
    login(client, make_user(Role.ADMIN))
    assert client.post(f"/admin/open311/{partner.partner.id}/revoke").status_code == 302
    assert reload(partner.partner).revoked_at is not None
    assert send().status_code == 403
