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
from typing import Any

from sqlalchemy import ColumnElement, ColumnExpressionArgument, and_, false, or_, true

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


def words_condition(
    query: str,
    columns: Sequence[ColumnExpressionArgument[Any]],
    index: TextIndex | None = None,
    shown: ColumnElement[bool] | None = None,
) -> ColumnElement[bool]:
    """A WHERE condition: every word of `query` is in one of `columns`, or in one of the
    `index`'s columns where `shown` holds (any case).

    A column may be a conditional expression (a CASE yielding NULL where the text is not
    public): NULL never matches, so what the public may not read is never searched. `shown`
    does the same for the indexed columns: a row whose text the public may not read is not
    found by its text.
    """
    words = query.split()
    if not words:
        return true()
    if not columns and index is None:
        return false()
    visible = true() if shown is None else shown
    if index is not None and not columns:
        # All words in the indexed columns: one index lookup for all of them.
        return and_(visible, contains_all_words(index, words))
    per_word = []
    for word in words:
        found = [like_word(column, word) for column in columns]
        if index is not None:
            found.append(and_(visible, contains_any_column(index, word)))
        per_word.append(or_(*found))
    return and_(*per_word)
