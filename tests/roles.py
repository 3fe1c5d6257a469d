"""Role x route tables: the helpers every permission test shares.

A table maps each kind of person ("anonymous", "resident", "staff", …) to what they get from a
route: a status code, or LOGIN for the redirect to the login page. `expect` builds a row from a
default and its exceptions; `assert_status` checks one answer. `tests/test_route_tables.py`
fails when a route of the app is in no table.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

LOGIN = "login"  # a redirect to the login page
SIGNED_OUT = {"anonymous": LOGIN}  # the usual exception: signed-out people are sent to log in


def expect(people: Iterable[str], default: Any, **exceptions: Any) -> dict[str, Any]:
    """`default` for everyone in `people`, but for the exceptions named."""
    people = list(people)
    unknown = set(exceptions) - set(people)
    assert not unknown, f"not in this table's people: {unknown}"
    return {who: exceptions.get(who, default) for who in people}


def assert_status(response, expected) -> None:
    """`expected` is a status code, or LOGIN; a 302 that is not to the login page is wanted."""
    if expected == LOGIN:
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]
    else:
        assert response.status_code == expected, response.get_data(as_text=True)[:300]
        if expected == 302:
            assert "/login" not in response.headers["Location"]
