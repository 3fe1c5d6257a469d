"""What /my shows: each section read through its own feature's queries, for one person only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.accounts.models import User
from app.contests.proposals.queries import MyConsortia, consortia_of
from app.ideas.citizens.queries import IdeaCard, idea_cards, ideas_of, ideas_supported_by
from app.ideas.models import Idea
from app.matching.panels import MatchView, my_matches
from app.mypage.sections import ShownSection, optional_sections
from app.notifications.models import Notification
from app.notifications.services import latest_notifications
from app.organisations.memberships import memberships_of
from app.organisations.models import Membership
from app.pins import rules as pin_rules
from app.pins.models import Pin, PinKind, PinStatus
from app.pins.services import pins_of
from app.stories.models import Story
from app.stories.writing.queries import stories_of

# The page is an overview: each list shows its newest few and links to its full page.
IDEAS_SHOWN = 5
STORIES_SHOWN = 5
NOTIFICATIONS_SHOWN = 5


@dataclass(frozen=True)
class OwnPin:
    """One of the person's needs or offers with what they may do with it now."""

    pin: Pin
    status: PinStatus  # the current one: an overdue need shows as expired
    may_change: bool  # edit and withdraw
    may_renew: bool


@dataclass(frozen=True)
class MyMatchesNow:
    waiting_for_you: list[MatchView]
    accepted: list[MatchView]
    waiting_for_others: list[MatchView]

    def __bool__(self) -> bool:
        return bool(self.waiting_for_you or self.accepted or self.waiting_for_others)


@dataclass(frozen=True)
class MyPage:
    needs: list[OwnPin]
    offers: list[OwnPin]
    matches: MyMatchesNow
    ideas: list[Idea]
    ideas_count: int
    supported: list[IdeaCard]
    supported_count: int
    stories: list[Story]
    stories_count: int
    memberships: list[Membership]
    consortia: MyConsortia
    notifications: list[Notification]
    optional_sections: list[ShownSection]


def own_pins(person: User, now: datetime | None = None) -> list[OwnPin]:
    return [
        OwnPin(
            pin=pin,
            status=pin.current_status(now),
            may_change=pin_rules.may_change_now(person, pin, now),
            may_renew=pin_rules.may_renew_now(person, pin, now),
        )
        for pin in pins_of(person)
    ]


def my_page(person: User) -> MyPage:
    pins = own_pins(person)
    matches = my_matches(person)
    ideas = ideas_of(person)
    supported = ideas_supported_by(person)
    stories = stories_of(person)
    return MyPage(
        needs=[own for own in pins if own.pin.kind == PinKind.NEED],
        offers=[own for own in pins if own.pin.kind == PinKind.OFFER],
        matches=MyMatchesNow(
            waiting_for_you=matches.waiting_for_you,
            accepted=matches.accepted,
            waiting_for_others=matches.waiting_for_others,
        ),
        ideas=ideas[:IDEAS_SHOWN],
        ideas_count=len(ideas),
        supported=idea_cards(supported[:IDEAS_SHOWN]),
        supported_count=len(supported),
        stories=stories[:STORIES_SHOWN],
        stories_count=len(stories),
        memberships=memberships_of(person),
        consortia=consortia_of(person),
        notifications=latest_notifications(person, NOTIFICATIONS_SHOWN),
        optional_sections=optional_sections(person),
    )
