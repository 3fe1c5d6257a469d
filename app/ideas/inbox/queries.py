"""What the staff's inbox lists: its filters (shared with the CSV export), the ideas they
select in order, counts, overdue days, and the people and history shown on an idea's staff
page. Read-only: the state changes are in `app.ideas.inbox.services`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from flask import current_app
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import case, func, select, union
from sqlalchemy.orm import selectinload

from app.accounts.models import Role, User
from app.areas.models import Area
from app.clock import seoul_today
from app.extensions import db
from app.ideas.models import (
    Department,
    Idea,
    IdeaEvent,
    IdeaNote,
    IdeaStatus,
)
from app.query_args import choice_arg, enum_arg, flag_arg, object_arg

ME = "me"
NOBODY = "none"  # also "no department"
SORTS = ("received", "due")


@dataclass(frozen=True)
class InboxFilters:
    """What the inbox shows, from its query string (the CSV export reads the same).

    `status`; `department` (an id, or NOBODY); `assignee` (an id, ME or NOBODY); `overdue`
    (not answered and due before today, in Seoul); `sort`: received (newest first) or due
    (unanswered first, the earliest due date first). Values that do not parse are ignored.
    """

    status: IdeaStatus | None = None
    department: int | str | None = None
    assignee: int | str | None = None
    overdue: bool = False
    sort: str = "received"

    def as_args(self) -> dict[str, str]:
        args = {}
        if self.status is not None:
            args["status"] = self.status.value
        if self.department is not None:
            args["department"] = str(self.department)
        if self.assignee is not None:
            args["assignee"] = str(self.assignee)
        if self.overdue:
            args["overdue"] = "1"
        if self.sort != "received":
            args["sort"] = self.sort
        return args


def _holder_arg(args: Mapping[str, str], name: str, words: tuple[str, ...], model):
    """One of `words`, or the id of an existing `model` object, or None."""
    word = choice_arg(args, name, words, "")
    if word:
        return word
    found = object_arg(args, name, model)
    return found.id if found is not None else None


def parse_inbox_filters(args: Mapping[str, str]) -> InboxFilters:
    """InboxFilters from query parameters; never raises on bad input."""
    return InboxFilters(
        status=enum_arg(args, "status", IdeaStatus),
        department=_holder_arg(args, "department", (NOBODY,), Department),
        assignee=_holder_arg(args, "assignee", (ME, NOBODY), User),
        overdue=flag_arg(args, "overdue"),
        sort=choice_arg(args, "sort", SORTS, "received"),
    )


def staff_page_options() -> list:
    """What an idea's staff page shows with it, loaded at once."""
    return [
        selectinload(Idea.author),
        selectinload(Idea.category),
        selectinload(Idea.area).options(selectinload(Area.parent)),
        selectinload(Idea.department),
        selectinload(Idea.assignee),
        selectinload(Idea.answering_department),
        selectinload(Idea.answered_by),
    ]


def ideas_with_ids(ids: Sequence[int]) -> list[Idea]:
    """The ideas ticked in the inbox that still exist, by id (the bulk assignment's order)."""
    statement = select(Idea).where(Idea.id.in_(ids)).order_by(Idea.id)
    return list(db.session.scalars(statement))


def overdue_condition(today: date):
    return (Idea.status != IdeaStatus.ANSWERED) & (Idea.due_on < today)


def inbox_statement(filters: InboxFilters, viewer: User, today: date | None = None):
    """SELECT of the ideas these filters show, in their order, with what a row shows."""
    conditions = []
    if filters.status is not None:
        conditions.append(Idea.status == filters.status)
    for column, value in (
        (Idea.department_id, filters.department),
        (Idea.assignee_id, filters.assignee),
    ):
        if value == NOBODY:
            conditions.append(column.is_(None))
        elif value == ME:
            conditions.append(column == viewer.id)
        elif value is not None:
            conditions.append(column == value)
    if filters.overdue:
        conditions.append(overdue_condition(today or seoul_today()))
    if filters.sort == "due":
        answered_last = case((Idea.status == IdeaStatus.ANSWERED, 1), else_=0)
        order = [answered_last, Idea.due_on, Idea.created_at, Idea.id]
    else:
        order = [Idea.created_at.desc(), Idea.id.desc()]
    return (
        select(Idea)
        .where(*conditions)
        .options(
            selectinload(Idea.category),
            selectinload(Idea.area).options(selectinload(Area.parent)),
            selectinload(Idea.department),
            selectinload(Idea.assignee),
        )
        .order_by(*order)
    )


def inbox_page(filters: InboxFilters, viewer: User, page: int = 1) -> Pagination:
    return db.paginate(
        inbox_statement(filters, viewer),
        page=page,
        per_page=int(current_app.config["IDEAS_PER_PAGE"]),
        error_out=False,
    )


@dataclass(frozen=True)
class InboxCounts:
    by_status: dict[IdeaStatus, int]
    overdue: int


def inbox_counts(today: date | None = None) -> InboxCounts:
    """Every idea, whatever the filters: the inbox's summary line."""
    rows = dict(db.session.execute(select(Idea.status, func.count()).group_by(Idea.status)).all())
    overdue = (
        db.session.scalar(
            select(func.count()).select_from(Idea).where(overdue_condition(today or seoul_today()))
        )
        or 0
    )
    return InboxCounts({status: rows.get(status, 0) for status in IdeaStatus}, overdue)


def days_overdue(idea: Idea, today: date) -> int:
    """How many days past its due date an unanswered idea is (0 when it is not)."""
    return max((today - idea.due_on).days, 0) if not idea.is_answered else 0


def support_counts(ideas: Sequence[Idea]) -> dict[int, int]:
    """Kept on each idea (app.ideas.supports): no query."""
    return {idea.id: idea.support_count for idea in ideas}


# --- people and history --------------------------------------------------------------------------


class StaffChoice(NamedTuple):
    """A person as the assignee choices show them: the forms need nothing more (the chosen
    one is looked up by id), so no whole user rows are loaded for a list of names."""

    id: int
    display_name: str


def _choices(statement) -> list[StaffChoice]:
    rows = db.session.execute(statement.order_by(User.display_name, User.id))
    return [StaffChoice(row.id, row.display_name) for row in rows]


def assignable_staff() -> list[StaffChoice]:
    """Who may hold an idea (rules.may_be_assigned): active staff members and administrators."""
    return _choices(
        select(User.id, User.display_name).where(
            User.role.in_([Role.STAFF, Role.ADMIN]), User.is_active_account.is_(True)
        )
    )


def staff_to_filter_by() -> list[StaffChoice]:
    """The inbox's assignee filter: staff members, and anyone still holding an idea (a
    deactivated account's ideas must be findable to be handed on)."""
    # Two lists, each read from an index and joined by UNION: as one WHERE … OR …, the
    # database read every user (200,000 at city scale) to test the two conditions.
    # DISTINCT over ix_ideas_assignee_id: a few dozen holders, not one row per idea.
    holders = select(Idea.assignee_id).where(Idea.assignee_id.is_not(None)).distinct()
    staff = select(User.id, User.display_name).where(User.role.in_([Role.STAFF, Role.ADMIN]))
    holding = select(User.id, User.display_name).where(User.id.in_(holders))
    either = union(staff, holding).subquery()
    rows = db.session.execute(
        select(either.c.id, either.c.display_name).order_by(either.c.display_name, either.c.id)
    )
    return [StaffChoice(row.id, row.display_name) for row in rows]


def history_of(idea: Idea) -> list[IdeaEvent]:
    statement = (
        select(IdeaEvent)
        .where(IdeaEvent.idea_id == idea.id)
        .options(
            selectinload(IdeaEvent.actor),
            selectinload(IdeaEvent.department),
            selectinload(IdeaEvent.assignee),
        )
        .order_by(IdeaEvent.created_at, IdeaEvent.id)
    )
    return list(db.session.scalars(statement))


def notes_on(idea: Idea) -> list[IdeaNote]:
    statement = (
        select(IdeaNote)
        .where(IdeaNote.idea_id == idea.id)
        .options(selectinload(IdeaNote.author))
        .order_by(IdeaNote.created_at, IdeaNote.id)
    )
    return list(db.session.scalars(statement))
