"""Resident registration numbers are refused in every text field of every form of the site."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import time

import pytest
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

import app as app_package
from app.forms import SiteForm, takes_text
from app.pins.forms import PinForm
from app.pins.models import PinKind
from app.resident_numbers import REFUSAL, holds_resident_number
from tests.factories import make_user

NUMBER = "900101-1234567"


def all_form_classes() -> list[type[FlaskForm]]:
    for module in pkgutil.walk_packages(app_package.__path__, "app."):
        importlib.import_module(module.name)
    found, waiting = [], list(FlaskForm.__subclasses__())
    while waiting:
        form_class = waiting.pop()
        waiting.extend(form_class.__subclasses__())
        if form_class.__module__.startswith("app."):
            found.append(form_class)
    return sorted(set(found), key=lambda c: f"{c.__module__}.{c.__qualname__}")


FORMS = all_form_classes()
# What a view gives a form whose checks depend on it (as its view does).
GIVEN = {PinForm: lambda: {"kind": PinKind.NEED, "author": make_user()}}


@pytest.mark.parametrize(
    "text",
    [
        NUMBER,
        "9001011234567",
        "제 번호는 900101 - 2234567 입니다",
        "９００１０１－１２３４５６７",  # full-width, as some Korean keyboards type
        "번호900101-4234567로",
        "900101\u20131234567",  # an en dash
    ],
)
def test_a_resident_number_is_recognised(text):
    assert holds_resident_number(text)


@pytest.mark.parametrize(
    "text",
    [
        "010-1234-5678",
        "900101-5234567",  # not 1-4: a foreigner's registration number is another question
        "1900101-1234567",  # part of a longer number
        "900101-12345678",
        "사업자 123-45-67890",
        "계좌 123456-12-123456",
        "",
    ],
)
def test_other_numbers_pass(text):
    assert not holds_resident_number(text)


def test_the_check_takes_linear_time_on_hostile_text():
    """A figure, not a timing assertion: the pattern's repetitions are bounded, so a long run
    of digits and separators is read once (printed for the reader of the test log)."""
    hostile = ("123456 - " * 20_000) + "1" * 50_000
    started = time.perf_counter()
    assert not holds_resident_number(hostile)
    print(f"{len(hostile)} characters read in {time.perf_counter() - started:.3f} s")


def test_every_form_of_the_site_is_a_site_form():
    assert len(FORMS) > 50
    assert [f for f in FORMS if not issubclass(f, SiteForm)] == []


def _build(form_class: type[FlaskForm], data: MultiDict) -> FlaskForm:
    """The form with `data` posted. A form whose constructor needs what its page gives (the
    areas to choose from, the need being edited) is built without running its own set-up:
    its fields and its validation are still its own."""
    try:
        return form_class(formdata=data, meta={"csrf": False}, **GIVEN.get(form_class, dict)())
    except TypeError:
        form = form_class.__new__(form_class)
        SiteForm.__init__(form, formdata=data, meta={"csrf": False})
        return form


def _validate(form: SiteForm, field_name: str) -> list[str]:
    """The errors of one field after the whole form's validation. Where the form's own checks
    need what its view gives (the contest, the story being edited) and fail without it, the
    field alone runs its chain, with the checks SiteForm.validate adds to it."""
    for field in form:
        if getattr(field, "choices", ()) is None:
            field.choices = []  # set by the view from the database
    try:
        form.validate()
    except (AttributeError, KeyError, TypeError):
        field = form[field_name]
        field.errors = []
        field.validate(form, form.with_site_checks().get(field_name, []))
    return [str(error) for error in form[field_name].errors]


def test_no_form_skips_the_site_s_validation():
    """A form that overrides validate() must still go through SiteForm's."""
    for form_class in FORMS:
        for klass in form_class.__mro__:
            if klass is SiteForm:
                break
            if "validate" in vars(klass):
                assert "super().validate(" in inspect.getsource(klass.validate), klass


@pytest.mark.parametrize("form_class", FORMS, ids=lambda c: f"{c.__module__}.{c.__qualname__}")
def test_every_text_field_refuses_a_resident_number(app, form_class):
    with app.test_request_context(method="POST"):
        fields = [(f.name, f.short_name) for f in _build(form_class, MultiDict()) if takes_text(f)]
        for posted_name, name in fields:
            form = _build(form_class, MultiDict({posted_name: f"연락 주세요 {NUMBER}"}))
            assert str(REFUSAL) in _validate(form, name), (name, form[name].errors)
