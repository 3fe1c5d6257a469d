"""Form helpers shared by the features' forms: coercion, lengths, enum and area choices."""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Mapping
from datetime import datetime

from flask import current_app
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from sqlalchemy import func, select
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    PasswordField,
    SearchField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, StopValidation, ValidationError
from wtforms.widgets import DateInput, FileInput, NumberInput, Select

from app.areas.models import Area
from app.areas.services import AreaOverview, area_overview
from app.cache import cache
from app.extensions import db
from app.resident_numbers import refuse_resident_numbers
from app.text_search import MAX_QUERY_LENGTH


def takes_text(field) -> bool:
    """A field a person types words into (not a password, not a hidden token)."""
    return isinstance(field, StringField | TextAreaField) and not isinstance(
        field, PasswordField | HiddenField
    )


class SiteForm(FlaskForm):
    """The base of every form of the site: each text field refuses a resident registration
    number (app/resident_numbers.py), after the field's own checks, so a form cannot forget
    it. tests/test_resident_numbers.py walks every form class and holds each to it."""

    def validate(self, extra_validators=None) -> bool:
        return super().validate(extra_validators=self.with_site_checks(extra_validators))

    def with_site_checks(self, extra_validators=None) -> dict[str, list]:
        """The extra validators of each field, the site's own checks added."""
        extra = {name: list(checks) for name, checks in (extra_validators or {}).items()}
        for name, field in self._fields.items():
            if takes_text(field):
                extra.setdefault(name, []).append(refuse_resident_numbers)
        return extra


def strip(value):
    return value.strip() if isinstance(value, str) else value


def optional_int(value) -> int | None:
    return None if value in (None, "") else int(value)


def optional_enum(enum_class: type[enum.Enum]) -> Callable:
    """Coerce a form value to the enum, with "" as None (the "any" or "choose" option)."""

    def coerce(value):
        return None if value in (None, "") else enum_class(value)

    return coerce


# Digit-group separators people type: "50,000,000", "1 200".
_DIGIT_GROUPS = re.compile(r"[\s,]")


def without_digit_groups(text: str) -> str:
    """ "1,000,000" and "1 000 000" as "1000000"."""
    return _DIGIT_GROUPS.sub("", text)


class WholeNumberField(IntegerField):
    """A whole number, read as people type it (digit-group commas and spaces are ignored), with
    our own translated complaint (`not_a_number`). A value that is not a number gets that one
    message, not a range message after it."""

    widget = NumberInput(step=1)

    def __init__(self, label=None, validators=None, not_a_number=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.not_a_number = not_a_number or _l("Enter a whole number, such as 20.")

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            # int() refuses over 4,300 digits by itself: the work stays linear in the input.
            self.data = int(without_digit_groups(valuelist[0]))
        except ValueError:
            self.data = None
            raise ValueError(self.not_a_number) from None

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()


def enum_choices(names: Mapping, blank) -> list[SelectChoice]:
    return [SelectChoice("", blank)] + [SelectChoice(v.value, text) for v, text in names.items()]


class AtMost(Length):
    """A length limit that ends the field's checks when it fails: the checks after it (contact
    details, formats) only ever see text within the limit, so their cost stays bounded."""

    def __call__(self, form, field):
        try:
            super().__call__(form, field)
        except ValidationError as error:
            raise StopValidation(str(error)) from None


def at_most(count: int) -> Length:
    """Put it before the field's other checks (after Optional/DataRequired)."""
    return AtMost(max=count, message=_l("Use at most %(max)d characters.", max=count))


def area_groups(overview: AreaOverview) -> list[tuple[Area | None, list[Area]]]:
    """Each gu with its dongs in code order; last, dongs whose gu is unknown (gu None)."""
    groups: list[tuple[Area | None, list[Area]]] = [
        (gu, sorted(gu.children, key=lambda d: d.code)) for gu in overview.gus
    ]
    if overview.dong_without_gu:
        groups.append((None, overview.dong_without_gu))
    return groups


def area_checkbox_groups(overview: AreaOverview) -> list[tuple[Area | None, list[Area]]]:
    """`area_groups` with each gu heading its own group: ticking it covers all its dongs."""
    return [(gu, ([gu] if gu else []) + dongs) for gu, dongs in area_groups(overview)]


def area_choices(overview: AreaOverview, blank=None, by_code: bool = False) -> list[SelectChoice]:
    """A gu and its dongs under one heading; "" first, labelled `blank` ("No particular area"
    unless given). Values are area ids, or codes (`by_code`) for filters in a query string."""
    value = (lambda area: area.code) if by_code else (lambda area: str(area.id))
    choices = [SelectChoice("", blank or _l("No particular area"))]
    for gu, dongs in area_groups(overview):
        heading = gu.name if gu else str(_l("Other neighbourhoods"))
        if gu is not None:
            whole = _l("%(gu)s (whole district)", gu=gu.name)
            choices.append(SelectChoice(value(gu), whole, optgroup=heading))
        choices.extend(SelectChoice(value(d), d.name, optgroup=heading) for d in dongs)
    return choices


# Long enough to be worth keeping; short enough that a change made behind the ORM's back
# (which would not move the areas' version) is seen within the hour.
AREA_CHOICES_SECONDS = 3600


def area_filter_choices(blank) -> list[SelectChoice]:
    """`area_choices(area_overview(), blank, by_code=True)` for the lists' filter forms,
    without loading the city's 450 areas on every page: the choices are kept (app.cache) under
    the areas' version (how many there are, the newest, the latest change), which one small
    aggregate reads. An import, a rename or a new area changes it, so no page shows stale names."""
    version = db.session.execute(
        select(func.count(Area.id), func.max(Area.id), func.max(Area.updated_at))
    ).one()
    key = "area-filter-choices:{}:{}:{}:{}".format(get_locale(), *version)
    kept = cache().get(key)
    if kept is None:
        every = area_choices(area_overview(), by_code=True)[1:]
        kept = [(choice.value, str(choice.label), choice.optgroup) for choice in every]
        cache().set(key, kept, AREA_CHOICES_SECONDS)
    return [SelectChoice("", blank)] + [
        SelectChoice(value, label, optgroup=heading) for value, label, heading in kept
    ]


class LongSelect(Select):
    """A select of hundreds of options (the city's areas) drawn with one string per option:
    WTForms' own widget builds each option's attributes through html_params, a few
    milliseconds per page at 450 options. Same markup (attributes in html_params' order)."""

    @classmethod
    def render_option(cls, choice, **kwargs):
        if kwargs or choice.render_kw or isinstance(choice.value, bool):
            return super().render_option(choice, **kwargs)
        selected = "selected " if choice.selected else ""
        value, label = escape(choice.value), escape(choice.label or choice.value)
        # Both escaped just above (Markup.format would escape them again, at format's cost).
        return Markup(f'<option {selected}value="{value}">{label}</option>')  # noqa: S704


class SizeLimitedFileInput(FileInput):
    """A file input that names its size limit (the setting `limit_setting`) and the message for
    a larger file, so that app/static/js/file-size.js refuses such a file at its field before
    sending it: a request over MAX_CONTENT_LENGTH would otherwise be answered by an error page,
    the form lost. The server still checks the same limit, with the same message."""

    def __init__(self, limit_setting: str, too_large: Callable[[int], object]) -> None:
        super().__init__()
        self.limit_setting = limit_setting
        self.too_large = too_large

    def __call__(self, field, **kwargs):
        max_bytes = int(current_app.config[self.limit_setting])
        kwargs.setdefault("data-max-bytes", str(max_bytes))
        kwargs.setdefault("data-too-large", str(self.too_large(max_bytes)))
        return super().__call__(field, **kwargs)


def megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:g}"


def search_words_field() -> SearchField:
    """The `q` box of a public list's filter form (app.text_search reads and bounds it; the
    browser stops typing at the same length)."""
    return SearchField(
        _l("Search words"), render_kw={"maxlength": MAX_QUERY_LENGTH, "enterkeyhint": "search"}
    )


class DayField(DateField):
    """A day typed as year-month-day, with a translated complaint when it does not parse."""

    widget = DateInput()

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = datetime.strptime(valuelist[0].strip(), "%Y-%m-%d").date()
        except ValueError:
            self.data = None
            raise ValueError(_l("Enter a date as year-month-day, such as 2025-03-01.")) from None
