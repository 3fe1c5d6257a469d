"""Ideas with titles like the one being typed, so that a citizen finds an idea to support
before sending the same one again (GET /api/ideas/similar, app/static/js/idea-suggestions.js).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import case, or_, select

from app.extensions import db
from app.ideas.citizens.queries import SUPPORT_COUNT
from app.ideas.models import Idea, IdeaStatus
from app.ideas.search_index import IDEA_TEXT
from app.search_index import TRIGRAM, column_contains_any, like_word

SIMILAR_MIN_LENGTH = 2
_MAX_WORDS = 12  # a long title must not make a long query
# Korean writes particles onto the word before them ("경로당에", "난방비를"): a word is also tried
# without one. Two-letter particles first, so that "복지관으로" becomes "복지관", not "복지관으".
_PARTICLES = (
    "에서", "에게", "으로", "까지", "부터", "처럼", "보다", "이나", "하고",
    "은", "는", "이", "가", "을", "를", "에", "의", "도", "로", "와", "과", "만",
)  # fmt: skip
_WORD = re.compile(r"[\w%]+")  # % is kept so that it is searched for as itself


@dataclass(frozen=True)
class SimilarIdea:
    id: int
    title: str
    status: IdeaStatus
    supports: int

    @property
    def takes_support(self) -> bool:
        """An answered idea takes no more support (app.ideas.rules.may_support)."""
        return self.status != IdeaStatus.ANSWERED


def _search_words(title: str) -> list[tuple[str, ...]]:
    """Each typed word (≥ 2 characters, lower-case) with its particle-less stem, if any."""
    words: list[tuple[str, ...]] = []
    for word in _WORD.findall(title.lower()):
        if len(word) < SIMILAR_MIN_LENGTH:
            continue
        forms = [word]
        for particle in _PARTICLES:
            stem = word.removesuffix(particle)
            if stem != word and len(stem) >= SIMILAR_MIN_LENGTH:
                forms.append(stem)
                break
        if tuple(forms) not in words:
            words.append(tuple(forms))
    return words[:_MAX_WORDS]


def similar_ideas(title: str, limit: int | None = None) -> list[SimilarIdea]:
    """Ideas whose titles share words with `title`: most words shared first, then the most
    supported, then the newest; among ideas sharing as many words, those that still take
    support come before the answered ones. The words are found by an index on either database
    (app.search_index).

    The candidates are the ideas sharing a word the index can look up (every form ≥ 3
    characters): one lookup for all of them. A shorter word (난방, 복지 or a stem like them) only
    adds to the count of words shared by those candidates, read on their titles alone; only when
    every word is short are all titles read for them."""
    limit = limit or int(current_app.config["IDEA_SUGGESTIONS"])
    title = (title or "").strip()
    if len(title) < SIMILAR_MIN_LENGTH:
        return []
    words = _search_words(title)
    if not words:
        return []
    # One condition per typed word, checked on the candidates' titles: the word as typed, or
    # its stem, is in the title.
    shares = [or_(*(like_word(Idea.title, form) for form in forms)) for forms in words]
    shared = sum(case((condition, 1), else_=0) for condition in shares)
    assert not isinstance(shared, int)  # an SQL expression: words, so shares, are not empty
    indexed = [form for forms in words if min(map(len, forms)) >= TRIGRAM for form in forms]
    candidates = column_contains_any(IDEA_TEXT, Idea.title, indexed) if indexed else or_(*shares)
    supports = SUPPORT_COUNT.label("supports")
    statement = (
        select(Idea.id, Idea.title, Idea.status, supports)
        .where(candidates)
        .order_by(
            shared.desc(),
            case((Idea.status == IdeaStatus.ANSWERED, 1), else_=0),
            supports.desc(),
            Idea.created_at.desc(),
            Idea.id.desc(),
        )
        .limit(limit)
    )
    return [
        SimilarIdea(id=row.id, title=row.title, status=row.status, supports=row.supports)
        for row in db.session.execute(statement)
    ]
