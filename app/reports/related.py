"""What higher features hold about a report, shown on its staff page (visits, for now).

app.visits sits above app.reports: it registers a provider here at start-up (connect_features in
app/__init__.py) instead of reports importing it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app.reports.models import Report


@dataclass(frozen=True)
class RelatedLine:
    text: str  # already translated
    link: str | None = None


@dataclass(frozen=True)
class RelatedSection:
    heading: str
    lines: Sequence[RelatedLine]
    action: RelatedLine | None = None  # e.g. "Plan a visit"


Provider = Callable[[Report], RelatedSection | None]
_providers: list[Provider] = []


def register_related(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def related_sections(report: Report) -> list[RelatedSection]:
    sections = (provider(report) for provider in _providers)
    return [section for section in sections if section is not None]
