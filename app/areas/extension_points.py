"""Sections that other features add to a gu's or dong's page.

The area page shows the area's needs and offers, organisations, ideas, stories and its
outline on a map: each belongs to a feature above areas (pins, ideas, stories, map). Areas
call what was registered here instead of importing them, so the dependency runs one way and
the import-layer contract holds it. Each builder runs a fixed number of queries, whatever the
area holds (the page's statement count is tested).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.areas.models import Area

SectionBuilder = Callable[[Area], Any]


@dataclass(frozen=True)
class PageSection:
    """A partial template, shown with `section.data` when the builder gives something."""

    template: str
    data: Any


@dataclass(frozen=True)
class _Registered:
    order: int
    build: SectionBuilder


_builders: dict[str, _Registered] = {}


def page_section(template: str, order: int) -> Callable[[SectionBuilder], SectionBuilder]:
    """Decorate `builder(area)`; it returns the section's data, or None to show nothing.
    Sections appear by `order` (lowest first), whatever order the features were imported in."""

    def register(builder: SectionBuilder) -> SectionBuilder:
        _builders[template] = _Registered(order, builder)
        return builder

    return register


def page_sections(area: Area) -> list[PageSection]:
    ordered = sorted(_builders.items(), key=lambda item: item[1].order)
    sections = (PageSection(template, registered.build(area)) for template, registered in ordered)
    return [section for section in sections if section.data]
