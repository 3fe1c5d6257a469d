"""What the public reads about stories: the list and its filters, a story's page, the home
page's featured stories, the feed.

Every public listing starts from `published_stories()`: a story that is pending, rejected,
hidden after reports, unpublished or withdrawn is in none of them. A story's own page is
loaded by `story_for_page()`; whether the reader may see it is `rules.may_view_story`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import defer, selectinload

from app.areas.models import Area, AreaLevel
from app.categories.models import Category
from app.contests.models import Proposal
from app.contests.rules import is_public_project
from app.extensions import db
from app.matching.models import Match, MatchStatus
from app.pins.models import Pin
from app.query_args import area_arg, object_arg
from app.search_index import TextIndex
from app.stories.models import Story, StoryStatus
from app.text_search import NamedBy, search_arg, words_condition


@dataclass(frozen=True)
class StoryFilters:
    """The list's filters: a category, an area (a gu covers the dongs in it), search words."""

    category: Category | None = None
    area: Area | None = None
    query: str = ""

    def as_args(self) -> dict[str, str]:
        """The filters as query parameters, for the pager's links."""
        args = {}
        if self.category is not None:
            args["category"] = str(self.category.id)
        if self.area is not None:
            args["area"] = self.area.code
        if self.query:
            args["q"] = self.query
        return args


def parse_story_filters(args: Mapping[str, str]) -> StoryFilters:
    """StoryFilters from the query string: a category by id, an area by code, as on the pins'
    and the ideas' pages. An unknown or malformed value means no filter."""
    return StoryFilters(
        category=object_arg(args, "category", Category),
        area=area_arg(args),
        query=search_arg(args),
    )


# What a search of stories looks in: what a published story's page shows, never its author.
# The body is searched as written (Markdown), which its rendered page shows as words.
# Its own words through their index (app.search_index; migration 2026_12_06_1256), the names
# it shows through their ids.
STORY_TEXT = TextIndex(Story.id, (Story.title, Story.body))
SEARCHED_NAMES = (
    NamedBy(Story.category_id, (Category.name_ko, Category.name_en)),
    NamedBy(Story.area_id, (Area.name_ko, Area.name_en)),
)


def _card_options():
    """What a story card shows, loaded for a whole page at once (no query per card)."""
    return (
        selectinload(Story.photos),
        selectinload(Story.category),
        selectinload(Story.area).options(selectinload(Area.parent)),
    )


def published_stories() -> Select:
    return select(Story).where(Story.status == StoryStatus.PUBLISHED)


def _newest_first(statement: Select) -> Select:
    return statement.order_by(Story.published_at.desc(), Story.id.desc())


def list_stories(filters: StoryFilters, page: int, per_page: int) -> Pagination:
    """Published stories matching the filters, newest first, a page at a time."""
    statement = published_stories().where(
        words_condition(filters.query, index=STORY_TEXT, named=SEARCHED_NAMES)
    )
    if filters.category is not None:
        statement = statement.where(Story.category_id == filters.category.id)
    if filters.area is not None:
        if filters.area.level == AreaLevel.GU:
            dongs = select(Area.id).where(Area.parent_id == filters.area.id)
            statement = statement.where(
                or_(Story.area_id == filters.area.id, Story.area_id.in_(dongs))
            )
        else:
            statement = statement.where(Story.area_id == filters.area.id)
    statement = _newest_first(statement).options(*_card_options())
    return db.paginate(statement, page=page, per_page=per_page)


def featured_stories(limit: int) -> list[Story]:
    """For the home page: published stories a moderator featured, most recently featured
    first. A featured story that was hidden or unpublished keeps `featured_at` (it comes back
    if restored) but is not published, so it is not here."""
    statement = (
        published_stories()
        .where(Story.featured_at.is_not(None))
        .order_by(Story.featured_at.desc(), Story.id.desc())
        .limit(limit)
        .options(*_card_options())
    )
    return list(db.session.scalars(statement))


def feed_stories(limit: int) -> list[Story]:
    statement = (
        _newest_first(published_stories())
        .limit(limit)
        .options(selectinload(Story.author), selectinload(Story.category))
    )
    return list(db.session.scalars(statement))


# --- a story's page -----------------------------------------------------------------------------


def story_for_page(story_id: int) -> Story | None:
    """The story with what its page shows; geometries and exact points stay in the database."""
    statement = (
        select(Story)
        .where(Story.id == story_id)
        .options(
            *_card_options(),
            selectinload(Story.author),
            selectinload(Story.proposal).options(
                selectinload(Proposal.lead_organisation),
                selectinload(Proposal.contest),
                selectinload(Proposal.decision),
            ),
            selectinload(Story.match)
            .selectinload(Match.need)
            .options(
                defer(Pin.location),
                selectinload(Pin.category),
                selectinload(Pin.public_dong).options(selectinload(Area.parent)),
                selectinload(Pin.public_gu),
            ),
        )
    )
    return db.session.scalars(statement).first()


@dataclass(frozen=True)
class HelpGiven:
    """All the public learns of the match a story tells about: what kind of help, and the
    neighbourhood. No pin, no names, no place finer than the dong."""

    category: str
    place: str | None


def help_given(story: Story) -> HelpGiven | None:
    match = story.match
    if match is None or match.status != MatchStatus.FULFILLED:
        return None
    need = match.need
    # The public point's area: the exact point's could say more than the need's cell.
    if need.public_dong is not None:
        place = need.public_dong.full_name
    elif need.public_gu is not None:
        place = need.public_gu.name
    else:
        place = None
    return HelpGiven(category=need.category.name, place=place)


def funded_project(story: Story) -> Proposal | None:
    """The consortium project the story tells about, while it is a public, funded one."""
    proposal = story.proposal
    return proposal if proposal is not None and is_public_project(proposal) else None
