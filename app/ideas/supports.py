"""An idea's kept support count (Idea.support_count), moved in the same transaction as the
idea_supports row it counts.

The count is changed by an UPDATE … SET support_count = support_count ± 1, never written from
a value read earlier: two citizens supporting the same idea at once each add their one (the
row lock orders them on PostgreSQL; SQLite's write transactions take the lock up front).
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.orm.attributes import set_committed_value

from app.extensions import db
from app.ideas.models import Idea, IdeaSupport


def count_support(idea: Idea, change: int) -> None:
    """Add `change` (+1 or -1) to the idea's kept count; the loaded idea shows the new value."""
    kept = db.session.execute(
        update(Idea)
        .where(Idea.id == idea.id)
        .values(support_count=Idea.support_count + change)
        .returning(Idea.support_count)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    set_committed_value(idea, "support_count", kept)


def remove_support(idea: Idea, user_id: int) -> bool:
    """Delete the user's support of the idea; False when there was none (already withdrawn,
    perhaps by a concurrent request: its DELETE then finds no row and nothing is counted)."""
    # A DELETE's result is a CursorResult, which has the rowcount.
    removed = cast(
        CursorResult[Any],
        db.session.execute(
            delete(IdeaSupport)
            .where(IdeaSupport.idea_id == idea.id, IdeaSupport.user_id == user_id)
            .execution_options(synchronize_session=False)
        ),
    ).rowcount
    if removed:
        count_support(idea, -1)
    return bool(removed)


def remove_all_supports_of(user_id: int) -> None:
    """Withdraw every support of a person (their account is being deleted), counts included."""
    supported = select(IdeaSupport.idea_id).where(IdeaSupport.user_id == user_id)
    db.session.execute(
        update(Idea)
        .where(Idea.id.in_(supported))
        .values(support_count=Idea.support_count - 1)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        delete(IdeaSupport)
        .where(IdeaSupport.user_id == user_id)
        .execution_options(synchronize_session=False)
    )
