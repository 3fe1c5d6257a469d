"""The keyword searches of pins and stories go through their search index (app.search_index:
pg_trgm on PostgreSQL, FTS5 trigram tables kept by triggers on SQLite) with the same results
as a substring search: Korean with particles and two-letter words, English in any case; an
edited or deleted row is found by its new words only; similar ideas find candidates by their
longer words in one lookup."""

from __future__ import annotations

import pytest
from sqlalchemy import or_, select, text

from app import search_index
from app.extensions import db
from app.ideas.citizens.similar_titles import similar_ideas
from app.ideas.models import Idea
from app.ideas.search_index import IDEA_TEXT
from app.pins.models import Pin, PinKind
from app.pins.privacy import PIN_TEXT, text_is_public
from app.pins.services import searched_names
from app.search_index import TextIndex, contains_all_words
from app.stories.models import Story
from app.stories.reading.queries import SEARCHED_NAMES, STORY_TEXT
from app.text_search import words_condition
from tests.factories import make_category, make_pin, make_user
from tests.ideas.factories import make_idea
from tests.stories.factories import make_story


def pins_found(query: str) -> set[int]:
    condition = words_condition(
        query, index=PIN_TEXT, shown=text_is_public(), named=searched_names()
    )
    return set(db.session.scalars(select(Pin.id).where(condition)))


def stories_found(query: str) -> set[int]:
    condition = words_condition(query, index=STORY_TEXT, named=SEARCHED_NAMES)
    return set(db.session.scalars(select(Story.id).where(condition)))


def test_pins_are_found_by_korean_and_english_words_of_title_and_description():
    author, category = make_user(), make_category(name_en="Food", name_ko="먹거리")
    coal = make_pin(author, kind=PinKind.OFFER, category=category, title="겨울 연탄 나눔",
                    description="Briquettes for the WINTER, 경로당에서 받으세요")  # fmt: skip
    rice = make_pin(author, kind=PinKind.OFFER, category=category, title="Rice and kimchi",
                    description="")  # fmt: skip
    assert pins_found("연탄") == {coal.id}  # two letters: no trigram, found all the same
    assert pins_found("briquettes winter") == {coal.id}  # any case, in the description
    assert pins_found("경로당 연탄") == {coal.id}  # a long word narrows, a short one checks
    assert pins_found("경로당에서") == {coal.id}  # with its particle, as written
    assert pins_found("kimchi") == {rice.id}
    assert pins_found("먹거리 kimchi") == {rice.id}  # a category's name and a title's word
    assert pins_found("연탄 kimchi") == set()  # every word must be found
    assert pins_found("100%") == set()


def test_the_index_follows_pins_edits_and_deletions():
    pin = make_pin(make_user(), kind=PinKind.OFFER, title="Winter coats for children")
    pin.title = "여름 선풍기 나눔"
    db.session.flush()
    assert pins_found("coats") == set()
    assert pins_found("선풍기") == {pin.id}
    db.session.delete(pin)
    db.session.flush()
    assert pins_found("선풍기") == set()


def test_stories_are_found_through_their_index_and_follow_edits():
    story = make_story(
        make_user(), title="복지관에서 열린 김장 나눔", body="Neighbours made KIMCHI"
    )
    assert stories_found("복지관에서 kimchi") == {story.id}
    assert stories_found("김장") == {story.id}
    story.body = "Neighbours painted the fence"
    db.session.flush()
    assert stories_found("kimchi") == set()
    assert stories_found("fence") == {story.id}


def test_a_long_and_a_short_word_are_one_index_lookup_and_a_check():
    author = make_user()
    both = make_story(author, title="경로당 난방 지원", body="")
    make_story(author, title="경로당 청소", body="")
    index = TextIndex(Story.id, (Story.title, Story.body))
    found = db.session.scalars(
        select(Story.id).where(contains_all_words(index, ["경로당", "난방"]))
    )
    assert set(found) == {both.id}


def test_similar_ideas_count_short_words_among_the_longer_words_candidates():
    author = make_user()
    heating = make_idea(author, title="경로당 난방 지원")
    only_short = make_idea(author, title="난방 문의")
    assert [i.id for i in similar_ideas("경로당 난방", limit=5)] == [heating.id]
    # Short words alone: every title is read for them.
    assert {i.id for i in similar_ideas("난방", limit=5)} == {heating.id, only_short.id}


def _plan(condition, model) -> str:
    statement = select(model.id).where(condition)
    compiled = statement.compile(db.session.get_bind(), compile_kwargs={"literal_binds": True})
    if db.session.get_bind().dialect.name == "sqlite":
        rows = db.session.execute(text(f"EXPLAIN QUERY PLAN {compiled}")).all()
        return "\n".join(str(row) for row in rows)
    db.session.execute(text("SET LOCAL enable_seqscan = off"))  # a tiny table: force it
    return "\n".join(db.session.scalars(text(f"EXPLAIN {compiled}")))


def test_the_database_plans_to_use_the_pins_and_stories_indexes():
    make_pin(make_user(), kind=PinKind.OFFER, title="겨울 연탄 나눔")
    make_story(make_user(), title="김장 나눔 이야기")
    pins = _plan(words_condition("나눔터 winter", index=PIN_TEXT, named=searched_names()), Pin)
    stories = _plan(words_condition("이야기", index=STORY_TEXT, named=SEARCHED_NAMES), Story)
    if db.session.get_bind().dialect.name == "sqlite":
        assert "pins_fts VIRTUAL TABLE" in pins
        assert "stories_fts VIRTUAL TABLE" in stories
    else:
        assert "ix_pins_title_trgm" in pins and "ix_pins_description_trgm" in pins
        assert "ix_stories_title_trgm" in stories


def test_two_character_words_are_found_as_a_substring_search_finds_them():
    """Most Korean words have two characters (이불, 반찬): no trigram. PostgreSQL looks them up
    among each text's character pairs (migration 1257), SQLite by LIKE; either way exactly the
    rows that contain the word, in any case, and never a row with the two characters apart."""
    author, category = make_user(), make_category()
    blanket = make_pin(author, kind=PinKind.OFFER, category=category, title="겨울 이불 나눔")
    side = make_pin(author, kind=PinKind.OFFER, category=category, title="반찬",
                    description="매주 이불 세탁도 해요")  # fmt: skip
    apart = make_pin(author, kind=PinKind.OFFER, category=category, title="이 불빛 아래")
    latin = make_pin(author, kind=PinKind.OFFER, category=category, title="TV for 3 Ok")
    one = make_pin(author, kind=PinKind.OFFER, category=category, title="쌀")
    db.session.commit()
    assert pins_found("이불") == {blanket.id, side.id}
    assert pins_found("반찬") == {side.id}
    assert pins_found("이불 반찬") == {side.id}
    assert pins_found("tv ok") == {latin.id}
    assert pins_found("쌀") == {one.id}  # one character: LIKE on both databases
    assert apart.id not in pins_found("이불") | pins_found("불빛 이불")
    story = make_story(author, title="김장 나눔 이야기", body="반찬 봉사")
    db.session.commit()
    assert stories_found("반찬") == {story.id}
    idea = make_idea(author, title="경로당 난방 지원")
    db.session.commit()
    assert db.session.scalars(
        select(Idea.id).where(words_condition("난방", index=IDEA_TEXT))
    ).all() == [idea.id]


def test_postgresql_looks_up_a_two_character_word_by_its_pair_index():
    if db.session.get_bind().dialect.name != "postgresql":
        pytest.skip("SQLite checks a two-character word with LIKE (app/search_index.py)")
    make_pin(make_user(), kind=PinKind.OFFER, category=make_category(), title="겨울 이불")
    db.session.commit()
    lookup = select(Pin.id).where(
        or_(*(search_index._pair_of(column, "이불") for column in PIN_TEXT.columns))
    )
    compiled = lookup.compile(db.session.get_bind(), compile_kwargs={"literal_binds": True})
    db.session.execute(text("SET LOCAL enable_seqscan = off"))  # a tiny table: force it
    plan = "\n".join(db.session.scalars(text(f"EXPLAIN {compiled}")))
    assert "ix_pins_title_bigrams" in plan and "ix_pins_description_bigrams" in plan


@pytest.mark.parametrize("named", (5000, 1))
def test_a_pairs_rows_are_the_same_whether_named_by_key_or_not(monkeypatch, named):
    """Up to PAIR_ROWS_NAMED rows found by a pair are named by key (a rare word: the planner
    reads them by key); beyond, the pair condition itself is kept. The same rows either way."""
    monkeypatch.setattr(search_index, "PAIR_ROWS_NAMED", named)
    author, category = make_user(), make_category()
    blankets = {
        make_pin(author, kind=PinKind.OFFER, category=category, title=f"이불 {n}").id
        for n in range(3)
    }
    make_pin(author, kind=PinKind.OFFER, category=category, title="담요")
    db.session.commit()
    assert pins_found("이불") == blankets
    assert pins_found("이불 2") == {b for b in blankets if b in pins_found("2")}
