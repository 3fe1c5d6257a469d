"""The staff's CSV download of ideas: the inbox's rows, with the inbox's filters.

It opens in Excel as it is (app.csv_files: UTF-8 with a byte-order mark, formulas guarded), with
headers in the reader's language and days on the Seoul calendar. It holds who handles each idea
(department, assignee's name), so it is for staff only; internal notes, the event history and
anyone's email are left out, so that a file passed around cannot leak them.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from app.accounts.models import User
from app.clock import seoul_day, seoul_today
from app.csv_files import to_csv
from app.extensions import db
from app.ideas.deadlines import answered_on_time
from app.ideas.inbox.queries import InboxFilters, inbox_statement, support_counts
from app.ideas.labels import OUTCOME_LABELS, STATUS_LABELS
from app.ideas.models import Idea


def filename(today: date | None = None) -> str:
    return f"ideas-{(today or seoul_today()).isoformat()}.csv"


def ideas_csv(filters: InboxFilters, viewer: User, today: date | None = None) -> str:
    today = today or seoul_today()
    ideas = list(db.session.scalars(inbox_statement(filters, viewer, today)))
    supports = support_counts(ideas)
    return to_csv(header(), (_row(idea, supports.get(idea.id, 0), today) for idea in ideas))


def header() -> list[str]:
    """In the reader's language."""
    return [
        _("ID"),
        _("Received (Seoul)"),
        _("Title"),
        _("Category"),
        _("Area"),
        _("Status"),
        _("Outcome"),
        _("Answer due"),
        _("Overdue"),
        _("Department"),
        _("Assignee"),
        _("Supports"),
        _("Answered (Seoul)"),
        _("Answered on time"),
    ]


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _row(idea: Idea, supports: int, today: date) -> list:
    answered = idea.is_answered
    return [
        idea.id,
        seoul_day(idea.created_at).isoformat(),
        idea.title,
        idea.category.name,
        idea.area.full_name if idea.area else "",
        str(STATUS_LABELS[idea.status]),
        str(OUTCOME_LABELS[idea.outcome]) if answered and idea.outcome is not None else "",
        idea.due_on.isoformat(),
        _yes_no(idea.is_overdue(today)),
        idea.department.name if idea.department else "",
        idea.assignee.display_name if idea.assignee else "",
        supports,
        # Answered ideas always have both (answered_has_response); the second test is for mypy.
        seoul_day(idea.answered_at).isoformat() if answered and idea.answered_at else "",
        _yes_no(answered_on_time(idea.answered_at, idea.due_on))
        if answered and idea.answered_at
        else "",
    ]
