"""Open data: citizens' ideas and the city's answers as a CSV file anyone may download, with the
list's filters: `GET /ideas/export.csv?status=&category=&area=&sort=` (as /ideas).

A row holds what an idea's public page shows, and less: the title and text, category, area,
status, outcome, the official response and the department that gave it, the Seoul days it was
received, was due and was answered, and its counts of supports and visible comments. Never the
author (a bulk file need not name people), who handles an unanswered idea, or internal notes.
Column names are fixed English identifiers, for scripts; names come in both languages.
"""

from __future__ import annotations

from collections.abc import Iterator

from flask import current_app, url_for
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import MultiDict

from app.areas.models import Area, AreaLevel
from app.clock import seoul_day
from app.csv_files import csv_stream
from app.extensions import db
from app.ideas.citizens.queries import IdeaFilters, idea_list_statement, parse_idea_filters
from app.ideas.deadlines import answered_on_time
from app.ideas.models import Idea, IdeaComment, IdeaSupport
from app.mail import site_address
from app.snapshots import Snapshot, register

BATCH = 500
FILE_NAME = "hope-community-map-ideas.csv"
COLUMNS = (
    "id",
    "url",
    "received_on",
    "title",
    "body",
    "category",
    "category_name_ko",
    "category_name_en",
    "gu_code",
    "gu_name_ko",
    "gu_name_en",
    "dong_code",
    "dong_name_ko",
    "dong_name_en",
    "status",
    "outcome",
    "due_on",
    "answered_on",
    "answered_on_time",
    "answering_department_ko",
    "answering_department_en",
    "response",
    "supports",
    "comments",
)


def _counts(model, ids: list[int], *conditions) -> dict[int, int]:
    statement = (
        select(model.idea_id, func.count())
        .where(model.idea_id.in_(ids), *conditions)
        .group_by(model.idea_id)
    )
    return dict(db.session.execute(statement).all())


def public_record(idea: Idea, supports: int, comments: int) -> dict[str, object]:
    area = idea.area
    gu = area if area is not None and area.level == AreaLevel.GU else (area and area.parent)
    dong = area if area is not None and area.level == AreaLevel.DONG else None
    answered = idea.is_answered
    department = idea.answering_department if answered else None
    return {
        "id": idea.id,
        "url": site_address(url_for("ideas.show", idea_id=idea.id)),
        "received_on": seoul_day(idea.created_at).isoformat(),
        "title": idea.title,
        "body": idea.body,
        "category": idea.category.slug,
        "category_name_ko": idea.category.name_ko,
        "category_name_en": idea.category.name_en,
        "gu_code": gu.code if gu else None,
        "gu_name_ko": gu.name_ko if gu else None,
        "gu_name_en": gu.name_en if gu else None,
        "dong_code": dong.code if dong else None,
        "dong_name_ko": dong.name_ko if dong else None,
        "dong_name_en": dong.name_en if dong else None,
        "status": idea.status.value,
        "outcome": idea.outcome.value if answered and idea.outcome else None,
        "due_on": idea.due_on.isoformat(),
        # Answered ideas always have an answer time (answered_has_response): the test is for mypy.
        "answered_on": seoul_day(idea.answered_at).isoformat()
        if answered and idea.answered_at
        else None,
        "answered_on_time": answered_on_time(idea.answered_at, idea.due_on)
        if answered and idea.answered_at
        else None,
        "answering_department_ko": department.name_ko if department else None,
        "answering_department_en": department.name_en if department else None,
        "response": idea.response if answered else None,
        "supports": supports,
        "comments": comments,
    }


def public_records(filters: IdeaFilters) -> Iterator[dict[str, object]]:
    """The ideas the list would show for these filters, in its order, a batch at a time."""
    statement = idea_list_statement(filters).options(
        selectinload(Idea.answering_department),
        selectinload(Idea.area).options(selectinload(Area.parent)),
    )
    batch: list[Idea] = []
    for idea in db.session.scalars(statement.execution_options(yield_per=BATCH)):
        batch.append(idea)
        if len(batch) == BATCH:
            yield from _records(batch)
            batch = []
    yield from _records(batch)


def _records(ideas: list[Idea]) -> Iterator[dict[str, object]]:
    ids = [idea.id for idea in ideas]
    if not ids:
        return
    supports = _counts(IdeaSupport, ids)
    comments = _counts(IdeaComment, ids, IdeaComment.hidden_at.is_(None))
    for idea in ideas:
        yield public_record(idea, supports.get(idea.id, 0), comments.get(idea.id, 0))


def _whole_list() -> Iterator[str]:
    """The unfiltered file, as the stream sends it. The job that builds it has no request:
    one is made up so that url_for() can write each idea's path (SITE_URL gives the rest)."""
    with current_app.test_request_context("/"):
        yield from csv_stream(COLUMNS, public_records(parse_idea_filters(MultiDict())), BATCH)


SNAPSHOT = register(Snapshot("ideas.csv", FILE_NAME, "text/csv", _whole_list))
