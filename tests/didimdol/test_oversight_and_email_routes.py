"""Who may use the oversight page and the voucher email (the role x route table)."""

from __future__ import annotations

import pytest

from tests.didimdol.test_didimdol_pages import FACILITY, OFFICER, PEOPLE
from tests.didimdol.world import build_world, issue
from tests.factories import login
from tests.roles import assert_status

ROUTES = {
    "oversight": ("GET", "/staff/didimdol/oversight", OFFICER),
    "email voucher form": ("GET", "/didimdol/vouchers/{voucher}/email", FACILITY),
    "email voucher (empty)": ("POST", "/didimdol/vouchers/{voucher}/email", FACILITY),
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
    path = template.format(voucher=voucher.id)
    assert_status(client.open(path, method=method), expected[who])
