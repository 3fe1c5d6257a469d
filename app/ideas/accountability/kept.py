"""The accountability figures kept in the shared cache (app.cache) for a few minutes, so that
the page does not run its grouped queries for every visitor. Posting an answer forgets them
once its transaction commits (the answer then shows at once); other changes (a new idea, a
review started) show within IDEA_FIGURES_CACHE_SECONDS, as the page says its figures may be
minutes old.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from app.cache import cache
from app.clock import seoul_today
from app.extensions import db
from app.ideas.accountability.queries import Accountability, accountability

_FORGET = "forget_idea_figures"


def _key() -> str:
    # Per Seoul day: "overdue" moves at midnight even when nothing is written.
    return f"ideas:accountability:{seoul_today().isoformat()}"


def kept_accountability() -> Accountability:
    seconds = int(current_app.config["IDEA_FIGURES_CACHE_SECONDS"])
    if seconds <= 0:
        return accountability()
    key = _key()
    figures = cache().get(key)
    if figures is None:
        figures = accountability()
        cache().set(key, figures, seconds)
    return figures


def forget_after_commit() -> None:
    """The figures change with this transaction (an answer): forget them once it commits, not
    before (a visitor in between would keep the old figures for minutes)."""
    db.session().info[_FORGET] = True


@event.listens_for(Session, "after_commit")
def _forget_on_commit(session: Session) -> None:
    if session.info.pop(_FORGET, None):
        cache().delete(_key())


@event.listens_for(Session, "after_transaction_end")
def _nothing_to_forget_after_rollback(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(_FORGET, None)
