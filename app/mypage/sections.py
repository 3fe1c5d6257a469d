"""Sections of /my that appear only when they have something to show.

The fixed sections (needs and offers, matches, ideas, stories, organisations, notifications)
are always there, with an empty state that says how to start. Features still being built add
theirs here, each a partial template and a builder `builder(person)` that gives the section's
data, or something false to leave the section out:

- match threads: the matches with unread messages (`mypage/_match_threads.html`);
- alert subscriptions: the person's own alerts and the organisations whose alerts they manage
  (`mypage/_alert_subscriptions.html`, app.alerts); always shown, so people find alerts;
- notification settings: how each kind reaches the person (`mypage/_notification_settings.html`);
- Sharing Neighbour appointments, for a person appointed (`mypage/_neighbour_appointments.html`).

/my sits above every feature (pyproject.toml's layers), so the builder is imported
here from its feature and listed in OPTIONAL_SECTIONS; the feature never imports /my.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from app.accounts.models import User
from app.alerts.services import alerts_overview
from app.matching.threads.services import unread_matches
from app.neighbours.queries import own_appointments
from app.notifications.preferences import settings_summary
from app.reports.services import reports_of

SectionBuilder = Callable[[User], Any]


@dataclass(frozen=True)
class OptionalSection:
    template: str  # a partial under app/templates/mypage/, given `section.data`
    build: SectionBuilder


@dataclass(frozen=True)
class ShownSection:
    template: str
    data: Any


# (template, builder) pairs, in the order they appear on the page, after the matches.
OPTIONAL_SECTIONS: Sequence[OptionalSection] = (
    OptionalSection("mypage/_match_threads.html", unread_matches),
    OptionalSection("mypage/_alert_subscriptions.html", alerts_overview),
    OptionalSection("mypage/_notification_settings.html", settings_summary),
    OptionalSection("mypage/_neighbour_appointments.html", own_appointments),
    # A signed-in reporter's reports: the three status words and the day, nothing they wrote.
    OptionalSection("mypage/_reports.html", reports_of),
)


def optional_sections(
    person: User, sections: Sequence[OptionalSection] = OPTIONAL_SECTIONS
) -> list[ShownSection]:
    """The optional sections that have something for this person."""
    built = (ShownSection(section.template, section.build(person)) for section in sections)
    return [section for section in built if section.data]
