"""Similar ideas are found through the titles' search index (pg_trgm on PostgreSQL, the FTS5
trigram table on SQLite), with the same results as a substring search: Korean words with and
without particles, English in any case, a typed % or _ as itself; an edited or deleted idea is
found by its new title only (the SQLite triggers keep the index in step)."""

from __future__ import annotations

from sqlalchemy import select, text

from app.extensions import db
from app.ideas.citizens.similar_titles import similar_ideas
from app.ideas.models import Idea
from app.ideas.search_index import IDEA_TEXT
from app.search_index import column_contains_any
from tests.factories import make_user
from tests.ideas.factories import make_category, make_idea


def titled(*titles: str) -> dict[str, int]:
    author, category = make_user(), make_category()
    return {t: make_idea(author, title=t, category=category).id for t in titles}


def found(typed: str) -> set[int]:
    return {idea.id for idea in similar_ideas(typed, limit=10)}


def test_korean_and_english_titles_are_found_by_their_words():
    ids = titled(
        "경로당 난방비 지원을 늘려 주세요",
        "복지관으로 가는 셔틀버스",
        "Heating for SENIOR centres",
        "100% refund of bus fares",
        "Free wifi_zone in parks",
    )
    assert found("경로당에 난방비를") == {ids["경로당 난방비 지원을 늘려 주세요"]}
    assert found("복지관 셔틀") == {ids["복지관으로 가는 셔틀버스"]}  # a stem inside a word
    assert found("senior heating") == {ids["Heating for SENIOR centres"]}
    assert found("100%") == {ids["100% refund of bus fares"]}
    assert found("10%") == set()  # % is itself, not "anything"
    assert found("wifi_zone") == {ids["Free wifi_zone in parks"]}
    assert found("wifixzone") == set()  # _ is itself, not "any character"
    # Two letters have no trigram: found all the same (by reading the whole index).
    assert found("버스") == {ids["복지관으로 가는 셔틀버스"]}


def test_the_index_follows_edits_and_deletions():
    ids = titled("겨울 난방 지원", "Summer water fountains")
    idea = db.session.get(Idea, ids["겨울 난방 지원"])
    assert idea is not None
    idea.title = "여름 무더위 쉼터"
    db.session.flush()
    assert found("난방 지원") == set()
    assert found("무더위 쉼터") == {idea.id}
    db.session.delete(idea)
    db.session.flush()
    assert found("무더위 쉼터") == set()
    assert found("fountains") == {ids["Summer water fountains"]}


def test_bodies_are_searched_by_the_index_too():
    author = make_user()
    idea = make_idea(author, body="Please add RAMPS at the 주민센터 entrance")
    match = select(Idea.id).where(
        column_contains_any(IDEA_TEXT, Idea.body, ["ramps"]),
        column_contains_any(IDEA_TEXT, Idea.body, ["주민센터"]),
    )
    assert db.session.scalars(match).all() == [idea.id]


def test_the_database_plans_to_use_the_index():
    titled("경로당 난방비 지원")
    statement = select(Idea.id).where(column_contains_any(IDEA_TEXT, Idea.title, ["난방비"]))
    compiled = statement.compile(db.session.get_bind(), compile_kwargs={"literal_binds": True})
    if db.session.get_bind().dialect.name == "sqlite":
        plan = db.session.execute(text(f"EXPLAIN QUERY PLAN {compiled}")).all()
        assert any("ideas_fts VIRTUAL TABLE" in str(row) for row in plan)
    else:
        db.session.execute(text("SET LOCAL enable_seqscan = off"))  # a tiny table: force it
        plan = db.session.scalars(text(f"EXPLAIN {compiled}")).all()
        assert any("ix_ideas_title_trgm" in line for line in plan)
