"""Keyword search on the public lists (/pins, /ideas, /stories), the same way on both databases.

The words come from the `q` parameter. They are cut to MAX_QUERY_LENGTH before anything else
runs, so every later step (Unicode normalisation, splitting) takes time in proportion to a
bounded input. Each word must occur in one of the searched columns (AND of words, OR of
columns), matched with LIKE on lower-cased text: portable SQL that SQLite and PostgreSQL
answer alike, case-insensitive for Latin letters (SQLite's lower() folds only ASCII; PostgreSQL
folds more, which only finds more) and exact for Hangul, which has no case. A word's own %, _
and \\ are escaped so that they match themselves, not any text.

A feature's own text columns (a pin's title and description, a story's, an idea's) are found
through their search index (app.search_index: pg_trgm on PostgreSQL, FTS5 trigram on SQLite)
with the same meaning; the other columns (names of categories and areas) stay row-by-row LIKE.
bench/search_lists.py prints the figures.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, ColumnExpressionArgument, and_, false, or_, select, true

from app.extensions import db
from app.search_index import TextIndex, contains_all_words, contains_any_column, like_word

MAX_QUERY_LENGTH = 100
MAX_WORDS = 8


def search_arg(args: Mapping[str, str], name: str = "q") -> str:
    """The search words of the query string, normalised; "" when there are none.

    NFKC makes full-width Latin letters and compatibility Hangul the same as the ordinary
    ones people type elsewhere; whitespace runs become one space.
    """
    raw = (args.get(name) or "")[:MAX_QUERY_LENGTH]
    normalised = unicodedata.normalize("NFKC", raw)[:MAX_QUERY_LENGTH]
    return " ".join(normalised.split()[:MAX_WORDS])


@dataclass(frozen=True)
class NamedBy:
    """The searched row shows the names of the row `key` points at (its category, its area):
    the names are looked up in their own small table first, so that the row is found by its
    indexed key (`key IN (ids)`), not by a subquery run for every row."""

    key: Any  # e.g. Pin.category_id
    names: tuple[Any, ...]  # mapped columns of one model, e.g. (Category.name_ko, Category.name_en)
    when: ColumnElement[bool] | None = None  # shown only on some rows (an offer's organisation)


def _named_ids(named: Sequence[NamedBy], words: Sequence[str]) -> dict[tuple, list[set[int]]]:
    """For each distinct `names` of `named`, the ids whose names contain each word: one query
    per named table (areas serve both a dong and a gu)."""
    found: dict[tuple, list[set[int]]] = {}
    for entry in named:
        if entry.names in found:
            continue
        per_word = [or_(*(like_word(name, word) for name in entry.names)) for word in words]
        target = entry.names[0].class_
        rows = db.session.execute(select(target.id, *per_word).where(or_(*per_word))).all()
        found[entry.names] = [{row[0] for row in rows if row[1 + n]} for n in range(len(words))]
    return found


def words_condition(
    query: str,
    columns: Sequence[ColumnExpressionArgument[Any]] = (),
    index: TextIndex | None = None,
    shown: ColumnElement[bool] | None = None,
    named: Sequence[NamedBy] = (),
) -> ColumnElement[bool]:
    """A WHERE condition: every word of `query` is in one of `columns`, in one of the
    `index`'s columns where `shown` holds, or in the names of a row `named` (any case).

    A column may be a conditional expression (a CASE yielding NULL where the text is not
    public): NULL never matches, so what the public may not read is never searched. `shown`
    does the same for the indexed columns: a row whose text the public may not read is not
    found by its text.

    With no `columns`, every part of the condition is served by an index: the trigram
    indexes and the keys' own (PostgreSQL combines them in a bitmap; SQLite looks up each).
    """
    words = query.split()
    if not words:
        return true()
    if not columns and index is None and not named:
        return false()
    visible = true() if shown is None else shown
    if index is not None and not columns and not named:
        # All words in the indexed columns: one index lookup for all of them.
        return and_(visible, contains_all_words(index, words))
    ids = _named_ids(named, words)
    per_word = []
    for n, word in enumerate(words):
        found = [like_word(column, word) for column in columns]
        if index is not None:
            found.append(and_(visible, contains_any_column(index, word)))
        for entry in named:
            if ids[entry.names][n]:
                key_in = entry.key.in_(sorted(ids[entry.names][n]))
                found.append(key_in if entry.when is None else and_(entry.when, key_in))
        per_word.append(or_(false(), *found))
    return and_(*per_word)
