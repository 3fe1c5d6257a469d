"""Keyword search on the public lists (/pins, /ideas, /stories), the same way on both databases.

The words come from the `q` parameter. They are cut to MAX_QUERY_LENGTH before anything else
runs, so every later step (Unicode normalisation, splitting) takes time in proportion to a
bounded input. Each word must occur in one of the searched columns (AND of words, OR of
columns), matched with LIKE on lower-cased text: portable SQL that SQLite and PostgreSQL
answer alike, case-insensitive for Latin letters (SQLite's lower() folds only ASCII; PostgreSQL
folds more, which only finds more) and exact for Hangul, which has no case. A word's own %, _
and \\ are escaped so that they match themselves, not any text.

Full-text indexes (FTS5, tsvector) would rank and scale better but differ per database and
would need a migration; a LIKE over the few thousand public rows of a city's list is enough
today (bench/search_lists.py prints the figures).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, ColumnExpressionArgument, and_, false, func, or_, true

MAX_QUERY_LENGTH = 100
MAX_WORDS = 8
LIKE_ESCAPE = "\\"


def search_arg(args: Mapping[str, str], name: str = "q") -> str:
    """The search words of the query string, normalised; "" when there are none.

    NFKC makes full-width Latin letters and compatibility Hangul the same as the ordinary
    ones people type elsewhere; whitespace runs become one space.
    """
    raw = (args.get(name) or "")[:MAX_QUERY_LENGTH]
    normalised = unicodedata.normalize("NFKC", raw)[:MAX_QUERY_LENGTH]
    return " ".join(normalised.split()[:MAX_WORDS])


def escape_like(word: str) -> str:
    """`word` as a LIKE pattern that matches only itself (with LIKE_ESCAPE as the escape)."""
    return (
        word.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2)
        .replace("%", LIKE_ESCAPE + "%")
        .replace("_", LIKE_ESCAPE + "_")
    )


def words_condition(
    query: str, columns: Sequence[ColumnExpressionArgument[Any]]
) -> ColumnElement[bool]:
    """A WHERE condition: every word of `query` is in one of `columns` (any case).

    A column may be a conditional expression (a CASE yielding NULL where the text is not
    public): NULL never matches, so what the public may not read is never searched.
    """
    words = query.split()
    if not words:
        return true()
    if not columns:
        return false()
    per_word = []
    for word in words:
        pattern = "%" + escape_like(word.lower()) + "%"
        per_word.append(
            or_(*(func.lower(column).like(pattern, escape=LIKE_ESCAPE) for column in columns))
        )
    return and_(*per_word)
