"""What the public sees of ideas: the ideas page (filters, order, pages, cards with their
counts), a person's own and supported ideas, an idea's supports, the categories to file under.
Read-only; the changes are in `app.ideas.citizens.services`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask import current_app
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, case, func, or_, select
from sqlalchemy.orm import selectinload

from app.accounts.models import User
from app.areas.models import Area, AreaLevel
from app.categories.models import Category
from app.categories.services import active_categories
from app.extensions import db
from app.ideas.models import Idea, IdeaComment, IdeaStatus, IdeaSupport
from app.ideas.search_index import IDEA_TEXT
from app.paging import bounded_paginate
from app.query_args import area_arg, choice_arg, enum_arg, object_arg
from app.text_search import NamedBy, search_arg, words_condition


def idea_categories() -> list[Category]:
    """The categories an idea may be filed under: every active one."""
    return active_categories()


def support_count(idea: Idea) -> int:
    """The kept count (app.ideas.supports), read afresh: a loaded idea may predate a support."""
    return db.session.scalar(select(Idea.support_count).where(Idea.id == idea.id)) or 0


# --- the public list ----------------------------------------------------------------------------

SORTS = ("newest", "supported", "answered")
DEFAULT_SORT = "newest"

# Kept on the idea (app.ideas.supports) and indexed with the list's order (ix_ideas_supported).
SUPPORT_COUNT = Idea.support_count


@dataclass(frozen=True)
class IdeaFilters:
    """What a visitor asked to see on /ideas.

    Query parameters: `sort` (newest | supported: most supports first | answered: answered
    ideas first, most recently answered first, then the others newest first — a sort, not a
    filter: `status=answered` filters), `status`, `category` (an id), `area` (a gu or dong
    code; a gu includes its dongs), `q` (search words, app.text_search). Values that do not
    parse or name nothing are ignored.
    """

    sort: str = DEFAULT_SORT
    status: IdeaStatus | None = None
    category_id: int | None = None
    area: Area | None = None
    query: str = ""

    def as_args(self) -> dict[str, str]:
        """Query parameters that give these filters back (defaults left out)."""
        args = {}
        if self.sort != DEFAULT_SORT:
            args["sort"] = self.sort
        if self.status is not None:
            args["status"] = self.status.value
        if self.category_id is not None:
            args["category"] = str(self.category_id)
        if self.area is not None:
            args["area"] = self.area.code
        if self.query:
            args["q"] = self.query
        return args


def parse_idea_filters(args: Mapping[str, str]) -> IdeaFilters:
    """IdeaFilters from query parameters; never raises on bad input."""
    category = object_arg(args, "category", Category)
    return IdeaFilters(
        sort=choice_arg(args, "sort", SORTS, DEFAULT_SORT),
        status=enum_arg(args, "status", IdeaStatus),
        category_id=category.id if category is not None else None,
        area=area_arg(args),
        query=search_arg(args),
    )


# What a search of ideas looks in: everything an idea's public page shows of it but its
# author (a search by a person's name would list what they wrote).
SEARCHED_COLUMNS = (
    # The official response is public once the idea is answered, not while it is drafted.
    case((Idea.status == IdeaStatus.ANSWERED, Idea.response), else_=None),
)
# Its title and body through their index (app.ideas.search_index), the names it shows through
# their ids.
SEARCHED_NAMES = (
    NamedBy(Idea.category_id, (Category.name_ko, Category.name_en)),
    NamedBy(Idea.area_id, (Area.name_ko, Area.name_en)),
)


def _filter_conditions(filters: IdeaFilters) -> list:
    conditions = [
        words_condition(filters.query, SEARCHED_COLUMNS, index=IDEA_TEXT, named=SEARCHED_NAMES)
    ]
    if filters.status is not None:
        conditions.append(Idea.status == filters.status)
    if filters.category_id is not None:
        conditions.append(Idea.category_id == filters.category_id)
    if filters.area is not None:
        if filters.area.level == AreaLevel.GU:
            dongs = select(Area.id).where(Area.parent_id == filters.area.id)
            conditions.append(or_(Idea.area_id == filters.area.id, Idea.area_id.in_(dongs)))
        else:
            conditions.append(Idea.area_id == filters.area.id)
    return conditions


def _order_for(sort: str) -> list:
    newest = [Idea.created_at.desc(), Idea.id.desc()]
    if sort == "supported":
        return [SUPPORT_COUNT.desc(), *newest]
    if sort == "answered":
        # Answered first (NULLS LAST spelt portably), the latest answer on top.
        unanswered_last = case((Idea.answered_at.is_(None), 1), else_=0)
        return [unanswered_last, Idea.answered_at.desc(), *newest]
    return newest


def _card_options() -> list:
    return [
        selectinload(Idea.category),
        selectinload(Idea.area).options(selectinload(Area.parent)),
    ]


@dataclass(frozen=True)
class IdeaCard:
    """An idea as a list shows it, with its counts."""

    idea: Idea
    supports: int
    comments: int  # visible ones: a hidden comment is not counted


def idea_page_options() -> list:
    """What an idea's public page shows with it, loaded at once."""
    return [
        selectinload(Idea.author),
        selectinload(Idea.category),
        selectinload(Idea.area).options(selectinload(Area.parent)),
        selectinload(Idea.answering_department),
    ]


def idea_cards(ideas: list[Idea]) -> list[IdeaCard]:
    """Cards for the ideas, their comments counted in one grouped query (not one per idea);
    supports are kept on the idea."""
    ids = [idea.id for idea in ideas]
    if not ids:
        return []
    comments = dict(
        db.session.execute(
            select(IdeaComment.idea_id, func.count())
            .where(IdeaComment.idea_id.in_(ids), IdeaComment.hidden_at.is_(None))
            .group_by(IdeaComment.idea_id)
        ).all()
    )
    return [IdeaCard(idea, idea.support_count, comments.get(idea.id, 0)) for idea in ideas]


def idea_list_statement(filters: IdeaFilters, columns: Select | None = None):
    """SELECT of the ideas the list shows for these filters, in its order (the list pages it;
    the open-data file takes all, as `columns`, a select of Idea's columns)."""
    if columns is not None:
        return columns.where(*_filter_conditions(filters)).order_by(*_order_for(filters.sort))
    return (
        select(Idea)
        .where(*_filter_conditions(filters))
        .options(*_card_options())
        .order_by(*_order_for(filters.sort))
    )


def list_ideas(filters: IdeaFilters, page: int = 1) -> Pagination:
    """A page of ideas for the filters; make cards of `page.items` with `idea_cards`."""
    # 100,000 ideas at city scale: a bounded count and bounded page numbers.
    return bounded_paginate(
        idea_list_statement(filters),
        page,
        int(current_app.config["IDEAS_PER_PAGE"]),
        error_out=False,
    )


def ideas_of(author: User) -> list[Idea]:
    statement = (
        select(Idea)
        .where(Idea.author_id == author.id)
        .options(*_card_options())
        .order_by(Idea.created_at.desc(), Idea.id.desc())
    )
    return list(db.session.scalars(statement))


def ideas_supported_by(user: User) -> list[Idea]:
    """Most recently supported first."""
    statement = (
        select(Idea)
        .join(IdeaSupport, IdeaSupport.idea_id == Idea.id)
        .where(IdeaSupport.user_id == user.id)
        .options(*_card_options())
        .order_by(IdeaSupport.created_at.desc(), Idea.id.desc())
    )
    return list(db.session.scalars(statement))
