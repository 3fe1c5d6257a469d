"""The citizens' side of ideas: submitting one, supporting it, commenting, reporting a comment,
and the public lists (the ideas page, a person's own ideas). Similar titles while typing:
`app.ideas.similar_titles`.

Services flush, never commit. A refused action raises an `IdeaError` whose `message` the view
shows as it is. Who may act at all is `app.ideas.rules`; these functions check the state
(already supported, already reported, answered) so that a second click is refused cleanly.
Nothing here reads or returns the staff side of an idea (department, assignee, notes, events).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import case, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.accounts.models import User
from app.areas.models import Area, AreaLevel
from app.categories.models import Category
from app.clock import utcnow
from app.extensions import db
from app.ideas.deadlines import due_date_for
from app.ideas.models import (
    CommentReport,
    Idea,
    IdeaComment,
    IdeaEvent,
    IdeaEventKind,
    IdeaStatus,
    IdeaSupport,
)

TITLE_MAX = 150
BODY_MAX = 5000
COMMENT_MAX = 2000
REPORT_REASON_MAX = 500


class IdeaError(Exception):
    message = _l("This cannot be done now.")
    field: str | None = None  # the form field the message belongs next to, if any


class WrongCategory(IdeaError):
    message = _l("Choose one of the listed categories.")
    field = "category"


class AlreadySupported(IdeaError):
    message = _l("You already support this idea.")


class NotSupported(IdeaError):
    message = _l("You were not supporting this idea.")


class AnsweredIdea(IdeaError):
    message = _l("This idea has been answered: it takes no more support.")


class AlreadyReported(IdeaError):
    message = _l("You have already reported this comment. A moderator will look at it.")


class HiddenComment(IdeaError):
    message = _l("This comment is already hidden.")


# --- submitting ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class IdeaDetails:
    title: str
    body: str
    category: Category
    area: Area | None = None


def idea_categories() -> list[Category]:
    """The categories an idea may be filed under: every active one."""
    statement = select(Category).where(Category.active.is_(True))
    return list(db.session.scalars(statement.order_by(Category.position, Category.slug)))


def submit_idea(author: User, details: IdeaDetails, now: datetime | None = None) -> Idea:
    """A new idea, received now and due an answer IDEA_RESPONSE_DAYS later."""
    if not details.category.active:
        raise WrongCategory()
    now = now or utcnow()
    idea = Idea(
        author=author,
        title=details.title.strip(),
        body=details.body.strip(),
        category=details.category,
        area=details.area,
        status=IdeaStatus.RECEIVED,
        due_on=due_date_for(now),
        created_at=now,
        updated_at=now,
    )
    db.session.add(idea)
    db.session.add(
        IdeaEvent(
            idea=idea,
            kind=IdeaEventKind.RECEIVED,
            actor=author,
            to_status=IdeaStatus.RECEIVED,
            created_at=now,
        )
    )
    db.session.flush()
    return idea


# --- supporting ---------------------------------------------------------------------------------


def support_idea(user: User, idea: Idea) -> IdeaSupport:
    """The view has checked that the user is not the author (rules.is_idea_author)."""
    if idea.is_answered:
        raise AnsweredIdea()
    if db.session.get(IdeaSupport, (idea.id, user.id)) is not None:
        raise AlreadySupported()
    support = IdeaSupport(idea_id=idea.id, user_id=user.id)
    try:
        # A double click can race past the check above: the primary key refuses the second.
        with db.session.begin_nested():
            db.session.add(support)
    except IntegrityError:
        raise AlreadySupported() from None
    return support


def withdraw_support(user: User, idea: Idea) -> None:
    """Allowed at any time, answered or not: support is the citizen's own to take back."""
    support = db.session.get(IdeaSupport, (idea.id, user.id))
    if support is None:
        raise NotSupported()
    db.session.delete(support)
    db.session.flush()


def support_count(idea: Idea) -> int:
    return db.session.scalar(
        select(func.count()).select_from(IdeaSupport).where(IdeaSupport.idea_id == idea.id)
    )


# --- comments -----------------------------------------------------------------------------------


def add_comment(author: User, idea: Idea, body: str, now: datetime | None = None) -> IdeaComment:
    comment = IdeaComment(
        idea_id=idea.id, author=author, body=body.strip(), created_at=now or utcnow()
    )
    db.session.add(comment)
    db.session.flush()
    return comment


def check_reportable(reporter: User, comment: IdeaComment) -> None:
    """Raise if the comment is hidden already or this reader has reported it. (That it is not
    the reader's own comment is a permission: rules.is_comment_author.)"""
    if comment.is_hidden:
        raise HiddenComment()
    already = select(CommentReport.id).where(
        CommentReport.comment_id == comment.id, CommentReport.reporter_id == reporter.id
    )
    if db.session.scalar(already) is not None:
        raise AlreadyReported()


def report_comment(reporter: User, comment: IdeaComment, reason: str) -> CommentReport:
    check_reportable(reporter, comment)
    report = CommentReport(comment_id=comment.id, reporter_id=reporter.id, reason=reason.strip())
    try:
        with db.session.begin_nested():  # the unique constraint settles a race
            db.session.add(report)
    except IntegrityError:
        raise AlreadyReported() from None
    return report


def comments_on(idea: Idea) -> list[IdeaComment]:
    """Oldest first, with what the page asks of each (author, reports) loaded up front."""
    statement = (
        select(IdeaComment)
        .where(IdeaComment.idea_id == idea.id)
        .options(selectinload(IdeaComment.author), selectinload(IdeaComment.reports))
        .order_by(IdeaComment.created_at, IdeaComment.id)
    )
    return list(db.session.scalars(statement))


# --- the public list ----------------------------------------------------------------------------

SORTS = ("newest", "supported", "answered")
DEFAULT_SORT = "newest"

SUPPORT_COUNT = (
    select(func.count())
    .select_from(IdeaSupport)
    .where(IdeaSupport.idea_id == Idea.id)
    .correlate(Idea)
    .scalar_subquery()
)


@dataclass(frozen=True)
class IdeaFilters:
    """What a visitor asked to see on /ideas.

    Query parameters: `sort` (newest | supported: most supports first | answered: answered
    ideas first, most recently answered first, then the others newest first — a sort, not a
    filter: `status=answered` filters), `status`, `category` (an id), `area` (a gu or dong
    code; a gu includes its dongs). Values that do not parse or name nothing are ignored.
    """

    sort: str = DEFAULT_SORT
    status: IdeaStatus | None = None
    category_id: int | None = None
    area: Area | None = None

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
        return args


def parse_idea_filters(args: Mapping[str, str]) -> IdeaFilters:
    """IdeaFilters from query parameters; never raises on bad input."""
    sort = args.get("sort") if args.get("sort") in SORTS else DEFAULT_SORT
    status = None
    if args.get("status") in {s.value for s in IdeaStatus}:
        status = IdeaStatus(args["status"])
    category_id = None
    raw_category = (args.get("category") or "").strip()
    if raw_category.isdigit() and len(raw_category) < 10:
        category = db.session.get(Category, int(raw_category))
        category_id = category.id if category is not None else None
    area = None
    code = (args.get("area") or "").strip()
    if code:
        area = db.session.scalars(select(Area).where(Area.code == code)).first()
    return IdeaFilters(sort=sort, status=status, category_id=category_id, area=area)


def _filter_conditions(filters: IdeaFilters) -> list:
    conditions = []
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


def idea_cards(ideas: list[Idea]) -> list[IdeaCard]:
    """Cards for the ideas, their counts fetched in two grouped queries (not one per idea)."""
    ids = [idea.id for idea in ideas]
    if not ids:
        return []
    supports = dict(
        db.session.execute(
            select(IdeaSupport.idea_id, func.count())
            .where(IdeaSupport.idea_id.in_(ids))
            .group_by(IdeaSupport.idea_id)
        ).all()
    )
    comments = dict(
        db.session.execute(
            select(IdeaComment.idea_id, func.count())
            .where(IdeaComment.idea_id.in_(ids), IdeaComment.hidden_at.is_(None))
            .group_by(IdeaComment.idea_id)
        ).all()
    )
    return [IdeaCard(idea, supports.get(idea.id, 0), comments.get(idea.id, 0)) for idea in ideas]


def idea_list_statement(filters: IdeaFilters):
    """SELECT of the ideas the list shows for these filters, in its order (the list pages it;
    the open-data file takes all)."""
    return (
        select(Idea)
        .where(*_filter_conditions(filters))
        .options(*_card_options())
        .order_by(*_order_for(filters.sort))
    )


def list_ideas(filters: IdeaFilters, page: int = 1) -> Pagination:
    """A page of ideas for the filters; make cards of `page.items` with `idea_cards`."""
    return db.paginate(
        idea_list_statement(filters),
        page=page,
        per_page=int(current_app.config["IDEAS_PER_PAGE"]),
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
