"""Every route of the app appears in some role x route table.

The permission tests walk tables of routes (`ROUTES`, `PAGES`, `ACTIONS`…, module-level in
the test modules) with the answer each kind of person gets. A new route that no table names
would have no permission test at all: this test fails until one does.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
TABLE_NAME = re.compile(r"^[A-Z_]*(ROUTES|PAGES|ACTIONS|POSTS|FORMS)$")
PLACEHOLDER = re.compile(r"\{[^}]*\}|<[^>]*>|(?<=/)\d+(?=/|$)")
METHODS = {"GET", "POST"}
# The static folder, and routes that only tests add (their endpoints start with "_").
NOT_APPLICATION_ROUTES = {"static"}


class Probe:
    """Stands in for a test's world when a table builds its path from it
    (`lambda w: (f"/ideas/{w.idea.id}/support", {...})`): every attribute, item and call is
    another probe, and it reads as the id 1."""

    def __getattr__(self, name: str) -> Probe:
        if name.startswith("__"):  # no protocol (SQL expressions, copying…): those fail
            raise AttributeError(name)
        return self

    def __getitem__(self, key: object) -> Probe:
        return self

    def __call__(self, *args: object, **kwargs: object) -> Probe:
        return self

    def __iter__(self):  # without it, iteration would call __getitem__ for ever
        return iter(())

    def __len__(self) -> int:
        return 0

    def __str__(self) -> str:
        return "1"

    __format__ = lambda self, spec: "1"  # noqa: E731
    __int__ = lambda self: 1  # noqa: E731
    __index__ = __int__


def shape(path: str) -> str:
    """/pins/{need}/edit?x=1, /pins/<int:pin_id>/edit and /pins/7/edit become /pins/*/edit."""
    return PLACEHOLDER.sub("*", path.split("?", 1)[0]).rstrip("/") or "/"


def _entries(value: object, method: str = "GET") -> Iterator[tuple[str, str]]:
    """(method, path) pairs in a table: tuples of a method and a path, or a bare path (a page,
    so GET); nested in dicts, lists and tuples at any depth."""
    if isinstance(value, dict):
        for item in value.values():
            yield from _entries(item, method)
    elif isinstance(value, (list, tuple)):
        strings = [v for v in value if isinstance(v, str)]
        methods = [s for s in strings if s in METHODS]
        paths = [s for s in strings if s.startswith("/")]
        for path in paths:
            yield (methods[0] if methods else method), path
        for item in value:
            if isinstance(item, (list, tuple, dict)) or callable(item):
                yield from _entries(item, methods[0] if methods else method)
    elif isinstance(value, str) and value.startswith("/"):
        yield method, value
    elif callable(value) and not isinstance(value, type):
        # A row that builds its path from the world; rows of a POST table default to POST.
        try:
            built = value(Probe())
        except Exception:  # a builder that needs a real world: its table says nothing here
            return
        yield from _entries(built, method)


def tabled_routes() -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for path in sorted(TESTS.rglob("test_*.py")):
        if path.name == Path(__file__).name:
            continue
        module_name = ".".join(path.relative_to(TESTS.parent).with_suffix("").parts)
        module = importlib.import_module(module_name)
        for name, value in vars(module).items():
            if TABLE_NAME.match(name):
                method = "POST" if "POST" in name else "GET"
                found.update((m, shape(p)) for m, p in _entries(value, method))
    return found


def test_every_route_is_in_a_role_table(app):
    tabled = tabled_routes()
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in NOT_APPLICATION_ROUTES or rule.endpoint.startswith("_"):
            continue
        for method in sorted((rule.methods or set()) & METHODS):
            if (method, shape(rule.rule)) not in tabled:
                missing.append(f"{method} {rule.rule}  ({rule.endpoint})")
    assert not missing, "routes in no role x route table:\n" + "\n".join(missing)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/pins/{need}/edit", "/pins/*/edit"),
        ("/pins/<int:pin_id>/edit", "/pins/*/edit"),
        ("/ideas?status=received", "/ideas"),
        ("/admin/", "/admin"),
        ("/ideas/1/support", "/ideas/*/support"),
    ],
)
def test_paths_are_compared_by_shape(path, expected):
    assert shape(path) == expected
