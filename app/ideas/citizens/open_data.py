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
from dataclasses import dataclass
from datetime import date

from flask import current_app, url_for
from sqlalchemy import String, func, select, type_coerce
from werkzeug.datastructures import MultiDict

from app.areas.models import Area, AreaLevel
from app.categories.models import Category
from app.clock import SEOUL
from app.csv_files import csv_rows_stream, open_data_cell
from app.extensions import db
from app.geo import local_days
from app.ideas.citizens.queries import IdeaFilters, idea_list_statement, parse_idea_filters
from app.ideas.models import Department, Idea, IdeaComment, IdeaStatus
from app.mail import site_address
from app.snapshots import Snapshot, register
from app.streamed_rows import batches

# Rows per database partition and per piece sent (as the pins' file: app.map.exports).
BATCH = 10_000
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


# The columns a row is made of, read as plain values: no ORM object per idea (most of the time of
# a city's file), and no author, assignee or note is even selected.
_VISIBLE_COMMENTS = (
    select(func.count())
    .where(IdeaComment.idea_id == Idea.id, IdeaComment.hidden_at.is_(None))
    .correlate(Idea)
    .scalar_subquery()
)


def public_rows(filters: IdeaFilters) -> Iterator[tuple[object, ...]]:
    """The ideas the list would show for these filters, in its order, as rows of COLUMNS'
    cells (`open_data_cell` applied), read BATCH at a time (app.streamed_rows).

    Names (categories, areas, departments) are read once per file; the days are written by
    the database where it can (app.geo.local_days), else in Python. The supports are the
    kept count the pages show; visible comments are counted by the index, per idea."""
    connection = db.session.connection()
    zone_name = str(SEOUL)
    received = local_days(connection, Idea.created_at, zone_name)
    answered = local_days(connection, Idea.answered_at, zone_name)
    statement = select(
        Idea.id,
        received.column,
        Idea.title,
        Idea.body,
        Idea.category_id,
        Idea.area_id,
        type_coerce(Idea.status, String),
        type_coerce(Idea.outcome, String),
        Idea.due_on,
        answered.column,
        Idea.answering_department_id,
        Idea.response,
        Idea.support_count,
        _VISIBLE_COMMENTS,
    )
    statement = idea_list_statement(filters, statement)
    names = _Names.read()
    day_of = received.day_of  # the same zone for both: either converts either
    address = _idea_address()
    days: dict[date, str] = {}
    answered_status = IdeaStatus.ANSWERED.value
    none = ("", "", "")
    for partition in batches(connection, statement, BATCH):
        for (
            idea_id,
            received_on,
            title,
            body,
            category_id,
            area_id,
            status,
            outcome,
            due_on,
            answered_on,
            department_id,
            response,
            supports,
            comments,
        ) in partition:
            due = days.get(due_on) or days.setdefault(due_on, due_on.isoformat())
            gu, dong = names.places.get(area_id, (none, none))
            if status == answered_status and answered_on is not None:
                answered_on = day_of(answered_on)
                on_time = "true" if answered_on <= due else "false"
                department = names.departments.get(department_id, ("", ""))
                outcome, response = outcome or "", _cell(response)
            else:
                answered_on = on_time = outcome = response = ""
                department = ("", "")
            yield (
                idea_id,
                address(idea_id),
                day_of(received_on),
                _cell(title),
                _cell(body),
                *names.categories[category_id],
                *gu,
                *dong,
                status,
                outcome,
                due,
                answered_on,
                on_time,
                *department,
                response,
                supports,
                comments,
            )


def _cell(text: str | None) -> str:
    return "" if text is None else open_data_cell(text)  # type: ignore[return-value]


def _idea_address():
    """Each idea's address on the site, as url_for() and site_address() write it, made from
    one address rather than by the URL map per row."""
    marker = 987654321
    before, after = site_address(url_for("ideas.show", idea_id=marker)).split(str(marker))
    return lambda idea_id: f"{before}{idea_id}{after}"


@dataclass(frozen=True)
class _Names:
    """What a row names, as ready cells, read once per file (a few hundred rows each)."""

    categories: dict[int, tuple[object, ...]]  # slug, name_ko, name_en
    places: dict[int, tuple[tuple[object, ...], tuple[object, ...]]]  # area: (gu's, dong's)
    departments: dict[int, tuple[object, ...]]  # name_ko, name_en

    @classmethod
    def read(cls) -> _Names:
        categories = {
            id_: _cells(slug, ko, en)
            for id_, slug, ko, en in db.session.execute(
                select(Category.id, Category.slug, Category.name_ko, Category.name_en)
            )
        }
        # The named columns only: an area's outline is a polygon.
        areas = {
            id_: (level, parent_id, _cells(code, ko, en))
            for id_, level, parent_id, code, ko, en in db.session.execute(
                select(
                    Area.id,
                    type_coerce(Area.level, String),
                    Area.parent_id,
                    Area.code,
                    Area.name_ko,
                    Area.name_en,
                )
            )
        }
        none = ("", "", "")
        places = {
            id_: (cells, none)
            if level == AreaLevel.GU.value
            else (areas[parent_id][2] if parent_id in areas else none, cells)
            for id_, (level, parent_id, cells) in areas.items()
        }
        departments = {
            id_: _cells(ko, en)
            for id_, ko, en in db.session.execute(
                select(Department.id, Department.name_ko, Department.name_en)
            )
        }
        return cls(categories, places, departments)


def _cells(*values: object) -> tuple[object, ...]:
    return tuple(open_data_cell(value) for value in values)


def _whole_list() -> Iterator[str]:
    """The unfiltered file, as the stream sends it. The job that builds it has no request:
    one is made up so that url_for() can write each idea's path (SITE_URL gives the rest)."""
    with current_app.test_request_context("/"):
        yield from csv_rows_stream(COLUMNS, public_rows(parse_idea_filters(MultiDict())), BATCH)


SNAPSHOT = register(Snapshot("ideas.csv", FILE_NAME, "text/csv", _whole_list))
