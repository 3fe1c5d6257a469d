"""The citizens' changes to ideas: submitting one, supporting it, taking the support back.
Comments and their reports: `app.ideas.comments`; the lists: `app.ideas.citizens.queries`.

Services flush, never commit. A refused action raises a domain error
(app.ideas.citizens.errors) whose `message` the view shows as it is. Who may act at all is
`app.ideas.rules`; these functions check the state (already supported, answered) so that a
second click is refused cleanly. Nothing here reads or returns the staff side of an idea
(department, assignee, notes, events).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from app.accounts.models import User
from app.areas.models import Area
from app.categories.models import Category
from app.clock import utcnow
from app.extensions import db
from app.ideas.citizens.errors import (
    AlreadySupported,
    AnsweredIdea,
    NotSupported,
    WrongCategory,
)
from app.ideas.deadlines import due_date_for
from app.ideas.models import (
    Idea,
    IdeaEvent,
    IdeaEventKind,
    IdeaStatus,
    IdeaSupport,
)
from app.ideas.supports import count_support, remove_support

TITLE_MAX = 150
BODY_MAX = 5000


# --- submitting ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class IdeaDetails:
    title: str
    body: str
    category: Category
    area: Area | None = None


def submit_idea(author: User, details: IdeaDetails, now: datetime | None = None) -> Idea:
    """A new idea, received now and due an answer IDEA_RESPONSE_DAYS later."""
    if not details.category.active:
        raise WrongCategory()
    now = now or utcnow()
    idea = Idea(
        author=author,
        title=details.title.strip(),
        body=details.body.strip(),
        category=details.category,
        area=details.area,
        status=IdeaStatus.RECEIVED,
        due_on=due_date_for(now),
        created_at=now,
        updated_at=now,
    )
    db.session.add(idea)
    db.session.add(
        IdeaEvent(
            idea=idea,
            kind=IdeaEventKind.RECEIVED,
            actor=author,
            to_status=IdeaStatus.RECEIVED,
            created_at=now,
        )
    )
    db.session.flush()
    return idea


# --- supporting ---------------------------------------------------------------------------------


def support_idea(user: User, idea: Idea) -> IdeaSupport:
    """The view has checked that the user is not the author (rules.is_idea_author)."""
    if idea.is_answered:
        raise AnsweredIdea()
    if db.session.get(IdeaSupport, (idea.id, user.id)) is not None:
        raise AlreadySupported()
    support = IdeaSupport(idea_id=idea.id, user_id=user.id)
    try:
        # A double click can race past the check above: the primary key refuses the second.
        with db.session.begin_nested():
            db.session.add(support)
            db.session.flush()
            count_support(idea, +1)
    except IntegrityError:
        raise AlreadySupported() from None
    return support


def withdraw_support(user: User, idea: Idea) -> None:
    """Allowed at any time, answered or not: support is the citizen's own to take back."""
    if not remove_support(idea, user.id):
        raise NotSupported()
