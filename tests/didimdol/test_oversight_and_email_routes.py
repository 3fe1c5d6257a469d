"""Who may use the oversight page, the voucher email and a donor's place (the role x route
table)."""

from __future__ import annotations

import pytest

from tests.didimdol.test_didimdol_pages import FACILITY, OFFICER, PEOPLE, SIGNED_OUT
from tests.didimdol.world import build_world, issue
from tests.factories import login
from tests.roles import assert_status, expect

# Others than the donor's members are not told the donor exists (404), as on the donor's page;
# a programme officer sees the donor but does not act for it.
PLACE = expect(PEOPLE, 404, programme_officer=403, donor_rep=200, donor_staff=200, **SIGNED_OUT)

ROUTES = {
    "oversight": ("GET", "/staff/didimdol/oversight", OFFICER),
    "email voucher form": ("GET", "/didimdol/vouchers/{voucher}/email", FACILITY),
    "email voucher (empty)": ("POST", "/didimdol/vouchers/{voucher}/email", FACILITY),
    "donor place form": ("GET", "/didimdol/donors/{enrolment}/place", PLACE),
    "donor place (empty)": ("POST", "/didimdol/donors/{enrolment}/place", PLACE),
}


@pytest.fixture
def client(english_client):
    return english_client


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("route", list(ROUTES))
def test_role_route_table(client, route, who):
    world = build_world()
    voucher = issue(world).voucher
    method, template, expected = ROUTES[route]
    if who != "anonymous":
        login(client, world.people[who])
    path = template.format(voucher=voucher.id, enrolment=world.enrolment.id)
    assert_status(client.open(path, method=method), expected[who])
