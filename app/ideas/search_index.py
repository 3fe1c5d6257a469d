"""The ideas' searched text and its index (app.search_index: pg_trgm GIN indexes on
lower(title) and lower(body) on PostgreSQL, the FTS5 trigram table ideas_fts on SQLite, both
from migration 2026_12_06_1251)."""

from __future__ import annotations

from app.ideas.models import Idea
from app.search_index import TextIndex

IDEA_TEXT = TextIndex(Idea.id, (Idea.title, Idea.body))
