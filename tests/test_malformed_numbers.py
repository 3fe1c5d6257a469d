"""Malformed or enormous numbers anywhere in an address answer 404 or 400, never 500.

The test walks every route of the app: ids of every size in the path, and numbers far beyond
any column in the query string, for a signed-out visitor and an administrator.
"""

from __future__ import annotations

import re

import pytest

from app.accounts.models import Role
from app.url_converters import MAX_ID
from tests.factories import login, make_user

HUGE = [str(2**31), str(2**63), str(10**23)]
PLACEHOLDER = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")
# Parameters some page reads as a number, an id or a code, all at once.
QUERY = {
    "page": str(10**23),
    "category": str(10**23),
    "area": str(10**23),
    "department": str(2**63),
    "assignee": str(2**63),
    "organisation": str(2**63),
    "story": str(2**63),
    "zoom": str(10**23),
    "bbox": "1e400,1e400,1e401,1e401",
    "lon": "1e400",
    "lat": str(10**23),
}


def app_routes(app):
    return [
        rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static" and not rule.endpoint.startswith("_")
    ]


def _path(rule, number: str) -> str:
    """The rule's path with `number` for every int and a plausible word for the others."""

    def fill(match):
        converter = match.group(1) or "default"
        return number if converter == "int" else "x"

    return PLACEHOLDER.sub(fill, rule.rule)


@pytest.fixture(params=["anonymous", "admin"])
def visitor(request, client):
    if request.param == "admin":
        login(client, make_user(Role.ADMIN))
    return client


def test_ids_beyond_the_columns_match_no_route(app, visitor):
    walked = 0
    for rule in app_routes(app):
        if "<int:" not in rule.rule:
            continue
        for number in HUGE:
            path = _path(rule, number)
            for method in sorted((rule.methods or set()) & {"GET", "POST"}):
                response = visitor.open(path, method=method)
                assert response.status_code == 404, f"{method} {path}: {response.status_code}"
                walked += 1
    assert walked > 100  # the walk reached the app's routes


def test_the_largest_id_is_still_an_id(client):
    assert client.get(f"/pins/{MAX_ID}").status_code == 404  # no such pin: not a failure
    assert client.get(f"/pins/{MAX_ID + 1}").status_code == 404


def test_enormous_numbers_in_the_query_string_never_fail(app, visitor):
    walked = 0
    for rule in app_routes(app):
        if "GET" not in (rule.methods or set()):
            continue
        path = _path(rule, "1")
        # buffered: a streamed file is read through while its request is still open.
        response = visitor.get(path, query_string=QUERY, buffered=True)
        assert response.status_code < 500, f"GET {path}: {response.status_code}"
        walked += 1
    assert walked > 50
