"""Every check on input runs in linear time, and only on input within its length limit.

A quadratic check is a denial of service: one 50 kB post used to hold a worker for 24 s (the
email pattern tried a long run of letters from every position). Here every validator of every
form is fed the longest text its field accepts, in shapes that make backtracking patterns
slow, and must answer within a bound hundreds of times what a linear check needs (a
benchmark-style bound: the quadratic pattern took seconds at these sizes, a linear one takes
about a millisecond). Longer text never reaches those checks: the length limit ends the chain,
and the request refuses any field over MAX_FORM_MEMORY_SIZE before a form reads it.
"""

from __future__ import annotations

import contextlib
import importlib
import pkgutil
import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import func, select
from wtforms import Form
from wtforms.fields.core import UnboundField
from wtforms.validators import Length, StopValidation, ValidationError

import app as app_package
from app.contact_details import EMAIL_PATTERN, PHONE_PATTERN, contact_detail_in
from app.extensions import db
from app.forms import at_most
from app.pins.models import Pin
from tests.factories import login, make_category, make_user

BOUND_SECONDS = 0.25
ADVERSARIAL = {
    "letters": "a",
    "digits": "1",
    "dotted": "a.",
    "plus and space": "+ ",
    "zero and space": "0 ",
    "at signs": "a@",
    "hyphenated digits": "0-1-2-",
    "hangul": "가",
    "spaced pairs": "01 ",
    "country codes": "+82 ",
    "email-like words": "a.b-c+d ",
    "brackets": "(",
    "web address": "http://a",
}


def payloads(length: int) -> Iterator[tuple[str, str]]:
    for name, unit in ADVERSARIAL.items():
        text = (unit * (length // len(unit) + 1))[:length]
        yield name, text
    yield "spaces then @", " " * (length - 1) + "@"
    yield "@ then letters", "@" + "b" * (length - 1)


def all_form_classes() -> list[type[Form]]:
    for module in pkgutil.walk_packages(app_package.__path__, "app."):
        importlib.import_module(module.name)
    found, todo = set(), [Form]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in found:
                found.add(sub)
                todo.append(sub)
    return sorted(
        (c for c in found if c.__module__.startswith("app.")), key=lambda c: c.__qualname__
    )


def limited_fields() -> Iterator[tuple[str, int, list[Any]]]:
    """(form.field, its length limit, its other validators) for every text field with one."""
    for form_class in all_form_classes():
        for name in dir(form_class):
            unbound = getattr(form_class, name, None)
            if not isinstance(unbound, UnboundField):
                continue
            validators = unbound.kwargs.get("validators") or (
                unbound.args[1] if len(unbound.args) > 1 else []
            )
            limits = [v.max for v in validators if isinstance(v, Length) and v.max > 0]
            if limits:
                others = [v for v in validators if not isinstance(v, Length)]
                yield f"{form_class.__qualname__}.{name}", min(limits), others


class AnyForm:
    """Stands in for the form a validator looks at: it says yes to every question
    (`form.kind == PinKind.NEED`), so that conditional checks run too."""

    def __getattr__(self, name: str) -> AnyForm:
        return self

    def __eq__(self, other: object) -> bool:
        return True

    def __hash__(self) -> int:
        return 0


class TextField:
    """Just what validators read of a field."""

    def __init__(self, data: str) -> None:
        self.data = data
        self.raw_data = [data]
        self.errors: list[str] = []
        self.flags = type("Flags", (), {})()

    def gettext(self, text: str) -> str:
        return text

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural


def test_every_text_check_is_linear_at_its_limit(app):
    checked = set()
    slowest = (0.0, "")
    with app.test_request_context():
        for where, limit, validators in limited_fields():
            for validator in validators:
                for shape, text in payloads(limit):
                    started = time.perf_counter()
                    with contextlib.suppress(ValidationError, StopValidation, ValueError):
                        validator(AnyForm(), TextField(text))
                    elapsed = time.perf_counter() - started
                    slowest = max(slowest, (elapsed, f"{where} {type(validator).__name__} {shape}"))
                    checked.add((where, type(validator).__name__))
    assert slowest[0] < BOUND_SECONDS, f"too slow: {slowest[1]} took {slowest[0]:.2f} s"
    # The walk found the forms: the contact-details checks of needs and stories among them.
    kinds = {kind for _where, kind in checked}
    assert "NoContactDetails" in kinds and len(checked) > 20, sorted(checked)


@pytest.mark.parametrize("length", [10_000, 64 * 1024])
def test_the_contact_patterns_are_linear_on_the_longest_text(length):
    for shape, text in payloads(length):
        started = time.perf_counter()
        contact_detail_in(text)
        elapsed = time.perf_counter() - started
        assert elapsed < BOUND_SECONDS, f"{shape}: {elapsed:.2f} s for {length} characters"


@pytest.mark.parametrize(
    "text",
    [
        "kim@example.com",
        "kim.lee+help@mail.example.co.kr",
        "이메일: kim @ example.com 으로",
        "write to a_b-c@sub-domain.example.org.",
    ],
)
def test_email_addresses_are_still_recognised(text):
    assert EMAIL_PATTERN.search(text) and contact_detail_in(text) == "email"


@pytest.mark.parametrize("text", ["a@b", "@example.com", "kim at example dot com", "a.b.c"])
def test_what_is_not_an_email_address(text):
    assert not EMAIL_PATTERN.search(text) and not PHONE_PATTERN.search(text)


def test_a_text_over_its_limit_stops_the_checks_after_it(app):
    seen = []

    def later_check(form, field):
        seen.append(field.data)

    limit = at_most(10)
    with app.test_request_context():
        with pytest.raises(StopValidation):
            limit(AnyForm(), TextField("x" * 11))
        limit(AnyForm(), TextField("x" * 10))  # at the limit: no complaint
    # WTForms stops a field's chain at StopValidation: the later check never sees the text.
    assert not seen


def _need(category, description: str) -> dict:
    return {
        "category": category.id,
        "title": "Heating",
        "description": description,
        "lon": "126.9779",
        "lat": "37.5663",
    }


@pytest.mark.parametrize("encoding", ["multipart/form-data", "application/x-www-form-urlencoded"])
def test_a_form_over_the_request_limits_is_refused_before_any_check(client, app, encoding):
    login(client, make_user())
    limit = (
        app.config["MAX_FORM_MEMORY_SIZE"]
        if encoding == "multipart/form-data"
        else app.config["MAX_URLENCODED_FORM_SIZE"]
    )
    huge = "a" * (limit + 1)
    started = time.perf_counter()
    response = client.post(
        "/pins/new?kind=need", data=_need(make_category(), huge), content_type=encoding
    )
    assert response.status_code == 413
    assert time.perf_counter() - started < 5 * BOUND_SECONDS
    assert db.session.scalar(select(func.count(Pin.id))) == 0


def test_the_longest_story_fits_the_limits(app):
    """The limits leave room for every text a form accepts, in Korean (3 bytes a character in
    UTF-8, 9 when URL-encoded)."""
    from app.stories.writing.forms import BODY_MAX

    assert app.config["MAX_FORM_MEMORY_SIZE"] > BODY_MAX * 4
    assert app.config["MAX_URLENCODED_FORM_SIZE"] > BODY_MAX * 9 * 2
