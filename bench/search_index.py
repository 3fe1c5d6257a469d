"""Figures for the keyword searches served by an index (app/search_index.py, issue 16 item 5):
the first page of /pins, /ideas and /stories with `q`, and similar ideas, each as its SQL
before (every word a row-by-row LIKE, as app/text_search.py did) and after (the index), in the
same run on the same data. Prints a table; passes or fails nothing.

    SPATIALITE_LIBRARY_PATH=mod_spatialite .venv/bin/python bench/search_index.py \\
        --database-url sqlite:////tmp/search_bench.sqlite --pins 100000 --ideas 100000
    pg_virtualenv -t -v 15 sh -c 'createdb search_bench && .venv/bin/python \\
        bench/search_index.py --pins 1000000 --ideas 100000 \\
        --database-url "postgresql://$PGUSER:$PGPASSWORD@$PGHOST:$PGPORT/search_bench"'

THE DATABASE IS WIPED (its name must contain "bench"). Rows are made by the app's factories
(a few hundred) and then doubled in SQL with varied titles, so that the triggers and indexes
see every row as the app writes it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("SPATIALITE_LIBRARY_PATH", "mod_spatialite")

from sqlalchemy import case, func, or_, select, text  # noqa: E402

from app import create_app  # noqa: E402
from app.config import normalise_database_url  # noqa: E402
from app.extensions import db  # noqa: E402
from app.ideas.citizens import queries as idea_queries  # noqa: E402
from app.ideas.citizens.similar_titles import similar_ideas  # noqa: E402
from app.ideas.models import Idea  # noqa: E402
from app.pins.models import Pin, PinKind  # noqa: E402
from app.pins.privacy import PIN_TEXT, text_is_public  # noqa: E402
from app.pins.services import searched_names  # noqa: E402
from app.search_index import like_word  # noqa: E402
from app.stories.models import Story  # noqa: E402
from app.stories.reading import queries as story_queries  # noqa: E402
from app.text_search import words_condition  # noqa: E402
from tests.conftest import reset_and_migrate  # noqa: E402
from tests.factories import make_category, make_pin, make_user  # noqa: E402
from tests.ideas.factories import make_idea  # noqa: E402
from tests.stories.factories import make_story  # noqa: E402

WORDS = ("겨울 연탄 나눔", "winter coats", "경로당 난방비 지원", "rice and kimchi", "school books")
QUERIES = ("연탄", "coats", "경로당 난방비", "nothing-matches-this")
SIMILAR = ("경로당에 난방비를 지원해 주세요", "winter coats for children", "난방 지원")


def _double(model, until: int) -> None:
    """Copy the table's rows onto itself until it has `until` rows; titles get the new id."""
    table = model.__table__
    names = [c.name for c in table.columns if c.name != "id"]
    listed = ", ".join(names)
    while (count := db.session.scalar(select(func.count()).select_from(table))) < until:
        chosen = ", ".join(
            f"title || ' ' || CAST(id + {count} AS TEXT)" if n == "title" else n for n in names
        )
        db.session.execute(
            text(
                f"INSERT INTO {table.name} ({listed}) SELECT {chosen} FROM {table.name} "  # noqa: S608
                f"ORDER BY id LIMIT {until - count}"
            )
        )
        db.session.commit()


def load(pins: int, ideas: int, stories: int) -> None:
    categories = [make_category() for _ in range(6)]
    author = make_user()
    for n in range(200):
        make_pin(
            author,
            kind=PinKind.NEED if n % 2 else PinKind.OFFER,
            category=categories[n % len(categories)],
            lon=126.80 + (n * 7919 % 3800) / 10_000,
            lat=37.43 + (n * 104729 % 2700) / 10_000,
            title=f"{WORDS[n % len(WORDS)]} {n}",
            description=f"{WORDS[(n + 1) % len(WORDS)]} 함께해요",
            text_shared=(n % 4 == 1),
        )
        make_idea(author, title=f"{WORDS[n % len(WORDS)]} {n}")
        make_story(author, title=f"{WORDS[n % len(WORDS)]} {n}")
    db.session.commit()
    _double(Pin, pins)
    _double(Idea, ideas)
    _double(Story, stories)
    db.session.execute(text("ANALYZE"))
    db.session.commit()


def timed(run, repeats: int) -> float:
    run()  # warm
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def first_page(model, order, condition):
    def run():
        statement = select(model.id).where(condition()).order_by(*order).limit(21)
        return db.session.scalars(statement).all()

    return run


def old_columns(named) -> list:
    """The names as the lists searched them before: a subquery per row and name."""
    columns = []
    for entry in named:
        target = entry.names[0].class_
        for name in entry.names:
            value = select(name).where(target.id == entry.key).scalar_subquery()
            columns.append(value if entry.when is None else case((entry.when, value)))
    return columns


def before_and_after(query: str) -> dict[str, tuple]:
    """Each list's first page of `query`: (before, after) runnables. The after side builds
    its condition inside the timing (it looks the names up first)."""
    public = text_is_public()
    pin_words = [case((public, Pin.title)), case((public, Pin.description))]
    pin_order = (Pin.created_at.desc(), Pin.id.desc())
    idea_order = (Idea.created_at.desc(), Idea.id.desc())
    story_order = (Story.published_at.desc(), Story.id.desc())
    idea_cols = idea_queries.SEARCHED_COLUMNS
    idea_names = idea_queries.SEARCHED_NAMES
    story_names = story_queries.SEARCHED_NAMES
    old_pins = words_condition(query, [*pin_words, *old_columns(searched_names())])
    old_ideas = [Idea.title, Idea.body, *idea_cols, *old_columns(idea_names)]
    old_stories = [Story.title, Story.body, *old_columns(story_names)]
    return {
        "/pins": (
            first_page(Pin, pin_order, lambda: old_pins),
            first_page(
                Pin,
                pin_order,
                lambda: words_condition(
                    query, index=PIN_TEXT, shown=public, named=searched_names()
                ),
            ),
        ),
        "/ideas": (
            first_page(Idea, idea_order, lambda: words_condition(query, old_ideas)),
            first_page(
                Idea,
                idea_order,
                lambda: words_condition(
                    query, idea_cols, index=idea_queries.IDEA_TEXT, named=idea_names
                ),
            ),
        ),
        "/stories": (
            first_page(Story, story_order, lambda: words_condition(query, old_stories)),
            first_page(
                Story,
                story_order,
                lambda: words_condition(query, index=story_queries.STORY_TEXT, named=story_names),
            ),
        ),
    }


def similar_before(title: str):
    """Similar ideas as the first round had them on the title alone: a LIKE per word form
    (on PostgreSQL the same trigram index serves it; the difference is SQLite's)."""
    from app.ideas.citizens.similar_titles import _search_words

    shares = [or_(*(like_word(Idea.title, f) for f in forms)) for forms in _search_words(title)]
    shared = sum(case((s, 1), else_=0) for s in shares)
    statement = (
        select(Idea.id)
        .where(or_(*shares))
        .order_by(shared.desc(), Idea.support_count.desc(), Idea.id.desc())
        .limit(5)
    )
    return lambda: db.session.scalars(statement).all()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--pins", type=int, default=100_000)
    parser.add_argument("--ideas", type=int, default=100_000)
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    if "bench" not in args.database_url.rsplit("/", 1)[-1]:
        parser.error("refusing to wipe a database whose name does not contain 'bench'")
    url = normalise_database_url(args.database_url)
    app = create_app("testing", overrides={"SQLALCHEMY_DATABASE_URI": url})
    reset_and_migrate(app)
    with app.app_context():
        started = time.perf_counter()
        load(args.pins, args.ideas, args.stories)
        dialect = db.engine.dialect.name
        print(
            f"{dialect}: {args.pins} pins, {args.ideas} ideas, {args.stories} stories "
            f"loaded in {time.perf_counter() - started:.0f} s; median of {args.repeats}, ms"
        )
        print(f"{'search':<10} {'q':<24} {'before':>9} {'after':>9} {'ratio':>7}")
        for title in SIMILAR:
            old = timed(similar_before(title), args.repeats)
            new = timed(lambda t=title: similar_ideas(t, limit=5), args.repeats)
            row = f"{'similar':<10} {title!r:<24} {old:>9.1f} {new:>9.1f} {new / old:>6.2f}x"
            print(row, flush=True)
        for page in ("/ideas", "/stories", "/pins"):  # the slowest last
            for query in QUERIES:
                before, after = before_and_after(query)[page]
                assert sorted(before()) == sorted(after()), (page, query)
                old, new = timed(before, args.repeats), timed(after, args.repeats)
                row = f"{page:<10} {query!r:<24} {old:>9.1f} {new:>9.1f} {new / old:>6.2f}x"
                print(row, flush=True)


if __name__ == "__main__":
    main()
