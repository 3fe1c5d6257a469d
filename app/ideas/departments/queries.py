"""Which departments there are, and what they hold. Read-only."""

from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db
from app.ideas.models import Department, Idea, IdeaStatus


def list_departments() -> list[Department]:
    """Active ones first, then by Korean name."""
    return list(
        db.session.scalars(
            select(Department).order_by(Department.is_active.desc(), Department.name_ko)
        )
    )


def active_departments() -> list[Department]:
    """The departments an idea may be given to."""
    statement = select(Department).where(Department.is_active.is_(True))
    return list(db.session.scalars(statement.order_by(Department.name_ko)))


def open_ideas_held() -> dict[int, int]:
    """For each department, how many unanswered ideas it holds."""
    statement = (
        select(Idea.department_id, func.count())
        .where(Idea.department_id.is_not(None), Idea.status != IdeaStatus.ANSWERED)
        .group_by(Idea.department_id)
    )
    return {
        department_id: held
        for department_id, held in db.session.execute(statement).all()
        if department_id is not None  # the query leaves None out already; this tells mypy
    }
