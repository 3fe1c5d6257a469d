"""Form helpers shared by the features' forms: coercion, lengths, enum and area choices."""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping

from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from app.areas.models import Area
from app.areas.services import AreaOverview


def strip(value):
    return value.strip() if isinstance(value, str) else value


def optional_int(value) -> int | None:
    return None if value in (None, "") else int(value)


def optional_enum(enum_class: type[enum.Enum]) -> Callable:
    """Coerce a form value to the enum, with "" as None (the "any" or "choose" option)."""

    def coerce(value):
        return None if value in (None, "") else enum_class(value)

    return coerce


def enum_choices(names: Mapping, blank) -> list[SelectChoice]:
    return [SelectChoice("", blank)] + [SelectChoice(v.value, text) for v, text in names.items()]


def at_most(count: int) -> Length:
    return Length(max=count, message=_l("Use at most %(max)d characters.", max=count))


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
