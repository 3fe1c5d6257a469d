"""Substring search of ideas' titles and bodies served by an index, on either database (the
only place in the ideas feature that knows which one it runs on, as app/geo.py is for maps).

Both take a LIKE pattern of lower-case words ('%난방비%', with backslash escapes) and keep its
meaning: the text contains the word, in any case, Hangul matched as typed.

- PostgreSQL: `lower(column) LIKE pattern`, which the pg_trgm GIN indexes on lower(title) and
  lower(body) serve (migration 2026_12_06_1251).
- SQLite: the FTS5 table ideas_fts (trigram tokenizer, kept in step with ideas by triggers),
  whose LIKE folds case itself and finds the rows by their trigrams.

Words of three or more characters are looked up by their trigrams; a two-character word
(common in Korean: 난방, 복지) has none, so both databases read the whole index for it: still
right, only slower.
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy import ColumnElement, column, func, select, table

from app.extensions import db
from app.ideas.models import Idea

LIKE_ESCAPE = "\\"
Searched = Literal["title", "body"]

_FTS = table("ideas_fts", column("rowid"), column("title"), column("body"))


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def contains(searched: Searched, pattern: str) -> ColumnElement[bool]:
    """The idea's title (or body) matches the lower-case LIKE `pattern`."""
    if _dialect() == "sqlite":
        found = select(_FTS.c.rowid).where(_FTS.c[searched].like(pattern, escape=LIKE_ESCAPE))
        return Idea.id.in_(found)
    return func.lower(getattr(Idea, searched)).like(pattern, escape=LIKE_ESCAPE)
