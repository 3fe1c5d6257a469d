"""Sections that other features add to an organisation's page.

Contests show the consortia an organisation joined there. Organisations call what was
registered here instead of importing contests, so the dependency runs one way
(contests -> organisations) and the import-layer contract can hold it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.organisations.models import Organisation

SectionBuilder = Callable[[Organisation, Any], Any]


@dataclass(frozen=True)
class PageSection:
    """A partial template, shown with `section.data` when the builder gives something."""

    template: str
    data: Any


_builders: dict[str, SectionBuilder] = {}


def page_section(template: str) -> Callable[[SectionBuilder], SectionBuilder]:
    """Decorate `builder(organisation, viewer)`; it returns the section's data, or None to
    show nothing."""

    def register(builder: SectionBuilder) -> SectionBuilder:
        _builders[template] = builder
        return builder

    return register


def page_sections(organisation: Organisation, viewer: Any) -> list[PageSection]:
    sections = (PageSection(t, build(organisation, viewer)) for t, build in _builders.items())
    return [section for section in sections if section.data]
