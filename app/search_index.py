"""Substring search of a table's text columns served by an index, on either database (the only
place that knows which one it runs on, as app/geo.py is for geometry). No feature is imported:
each feature names its own table and columns in a `TextIndex`.

Every lookup keeps the meaning of `lower(column) LIKE '%word%'` (app.text_search): the text
contains the word, in any case, Hangul matched as typed.

- PostgreSQL: `lower(column) LIKE pattern` itself, which pg_trgm GIN indexes on lower(column)
  serve (migrations 2026_12_06_1251 for ideas, 2026_12_06_1256 for pins and stories). A word of
  two characters has no trigram: it is looked up among the column's character pairs instead,
  `text_bigrams(lower(column)) @> ARRAY[word]`, which GIN indexes on that expression serve
  (migration 2026_12_06_1257); a text contains such a word exactly when it is one of its pairs.
- SQLite: an external-content FTS5 table `<table>_fts` (trigram tokenizer, kept in step by
  triggers) over the same columns. A word of three or more characters is one phrase of a MATCH
  query; several words become one MATCH ("a" AND "b", or OR), so SQLite makes one index lookup,
  not one per word. The trigram tokenizer folds case beyond ASCII, where SQLite's lower() does
  not: like PostgreSQL, it can only find more.

On SQLite a word under three characters (common in Korean: 난방, 복지) has no trigram. Where
longer words narrow the rows already, it is checked with LIKE on those rows only; alone, it is
a LIKE over the table: still right, only slower. A word of one character is such a LIKE on
PostgreSQL too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Text,
    and_,
    column,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
)
from sqlalchemy.dialects.postgresql import ARRAY

from app.extensions import db

LIKE_ESCAPE = "\\"
TRIGRAM = 3  # the shortest word the trigram indexes can look up
BIGRAM = 2  # a word of this length is looked up by its pair on PostgreSQL
PAIR_ROWS_NAMED = 5000  # at most this many rows found by a pair are named by key


@dataclass(frozen=True)
class TextIndex:
    """The searched text columns of one table and the key its FTS5 table's rowid copies."""

    key: Any  # the mapped integer primary key, e.g. Pin.id
    columns: tuple[Any, ...]  # the mapped text columns, e.g. (Pin.title, Pin.description)

    @property
    def fts_name(self) -> str:
        return f"{self.key.class_.__tablename__}_fts"


def escape_like(word: str) -> str:
    """`word` as a LIKE pattern that matches only itself (with LIKE_ESCAPE as the escape)."""
    return (
        word.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2)
        .replace("%", LIKE_ESCAPE + "%")
        .replace("_", LIKE_ESCAPE + "_")
    )


def like_word(column_: Any, word: str) -> ColumnElement[bool]:
    """`column_` contains `word` in any case (no index of its own: a row-by-row check)."""
    pattern = "%" + escape_like(word.lower()) + "%"
    return func.lower(column_).like(pattern, escape=LIKE_ESCAPE)


def _phrase(word: str) -> str:
    # An FTS5 string: inside double quotes every character is text, a quote is doubled.
    return '"' + word.lower().replace('"', '""') + '"'


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def _fts_rows(index: TextIndex, words: Sequence[str], operator: str, where: str = "") -> Any:
    """The keys of the rows whose indexed columns (or the one `where` names) contain all
    (operator AND) or any (OR) of `words`, each ≥ 3 characters: one FTS5 lookup."""
    fts = table(index.fts_name, column("rowid"))
    query = f" {operator} ".join(_phrase(word) for word in words)
    if where:
        query = f"{where} : ({query})"
    return index.key.in_(
        select(fts.c.rowid).where(literal_column(index.fts_name).op("MATCH")(query))
    )


def _pair_of(column_: Any, word: str) -> ColumnElement[bool]:
    """PostgreSQL: `column_` contains the two-character `word` (one of its character pairs)."""
    pairs = func.text_bigrams(func.lower(column_), type_=ARRAY(Text))
    return pairs.contains(literal([word.lower()], ARRAY(Text)))


def _rows_with_pair(index: TextIndex, word: str) -> ColumnElement[bool]:
    """PostgreSQL: the rows where one of the index's columns contains the two-character
    `word`, named by key when there are at most PAIR_ROWS_NAMED of them.

    The planner has no figure for how many texts hold a pair and guesses 0.5 % of the table.
    Asked for a list's first page, it then walks the list's order, computing every row's pairs,
    to find the 21 it expects early: 9 s at 1M pins for a word nobody wrote. Looked up first
    (one index read, bounded), a rare word's rows are named and read by key; a common one's
    are many, and walking the list's order finds a page of them at once."""
    found = or_(*(_pair_of(column_, word) for column_ in index.columns))
    keys = db.session.scalars(select(index.key).where(found).limit(PAIR_ROWS_NAMED + 1)).all()
    return index.key.in_(keys) if len(keys) <= PAIR_ROWS_NAMED else found


def contains_any_column(index: TextIndex, word: str) -> ColumnElement[bool]:
    """One of the index's columns contains `word`."""
    dialect = _dialect()
    if dialect == "sqlite" and len(word) >= TRIGRAM:
        return _fts_rows(index, [word], "AND")
    if dialect == "postgresql" and len(word) == BIGRAM:
        return _rows_with_pair(index, word)
    return or_(*(like_word(column_, word) for column_ in index.columns))


def contains_all_words(index: TextIndex, words: Sequence[str]) -> ColumnElement[bool]:
    """Every one of `words` is in one of the index's columns (each word may be in another)."""
    if not words:
        return and_(True)
    if _dialect() != "sqlite":
        return and_(*(contains_any_column(index, word) for word in words))
    long_words = [word for word in words if len(word) >= TRIGRAM]
    short_words = [word for word in words if len(word) < TRIGRAM]
    conditions = [_fts_rows(index, long_words, "AND")] if long_words else []
    conditions += [or_(*(like_word(c, word) for c in index.columns)) for word in short_words]
    return and_(*conditions)


def column_contains_any(
    index: TextIndex, searched: Any, words: Sequence[str]
) -> ColumnElement[bool]:
    """The column `searched` (one of the index's) contains one of `words`, each ≥ 3 characters:
    on SQLite, one FTS5 lookup for all of them."""
    if _dialect() == "sqlite":
        return _fts_rows(index, words, "OR", where=searched.key)
    return or_(*(like_word(searched, word) for word in words))
