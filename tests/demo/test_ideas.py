"""The demo's ideas: every state and outcome, some overdue and some answered late, with
supports, comments (one hidden with a reason, one reported), notes, assignments and history."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import select

from app.accounts.models import Role
from app.clock import seoul_today
from app.extensions import db
from app.ideas.accountability.queries import accountability
from app.ideas.deadlines import answered_on_time
from app.ideas.models import (
    CommentReport,
    Department,
    Idea,
    IdeaComment,
    IdeaEventKind,
    IdeaNote,
    IdeaOutcome,
    IdeaStatus,
)


@pytest.fixture
def ideas(app):
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    return db.session.scalars(select(Idea).order_by(Idea.created_at)).all()


def test_ideas_in_every_state(ideas):
    assert len(ideas) >= 15
    assert len(db.session.scalars(select(Department)).all()) == 3
    states = Counter(idea.status for idea in ideas)
    assert states == {IdeaStatus.RECEIVED: 4, IdeaStatus.UNDER_REVIEW: 3, IdeaStatus.ANSWERED: 9}
    assert {idea.outcome for idea in ideas if idea.is_answered} == set(IdeaOutcome)
    today = seoul_today()
    overdue = [idea for idea in ideas if idea.is_overdue(today)]
    assert {idea.status for idea in overdue} == {IdeaStatus.RECEIVED, IdeaStatus.UNDER_REVIEW}
    late = [i for i in ideas if i.is_answered and not answered_on_time(i.answered_at, i.due_on)]
    assert len(late) >= 2 and len(late) < len([i for i in ideas if i.is_answered])
    # Spread over the last six months: the accountability page has a shape.
    months = [m for m in accountability().months if m.received]
    assert len(months) >= 6


def test_ideas_have_supports_comments_notes_and_history(ideas):
    assert sum(len(idea.supports) for idea in ideas) >= 40
    assert all(s.user_id != idea.author_id for idea in ideas for s in idea.supports)
    assert len({s.user_id for idea in ideas for s in idea.supports}) >= 5
    hidden = db.session.scalars(select(IdeaComment).where(IdeaComment.hidden_at.is_not(None)))
    (hidden,) = hidden.all()
    assert hidden.hidden_reason and hidden.hidden_by.role == Role.MODERATOR
    assert not hidden.open_reports and hidden.reports
    open_reports = db.session.scalars(
        select(CommentReport).where(CommentReport.resolved_at.is_(None))
    ).all()
    assert len(open_reports) == 1 and not open_reports[0].comment.is_hidden
    assert len(db.session.scalars(select(IdeaNote)).all()) >= 3
    for idea in ideas:
        kinds = [event.kind for event in idea.events]
        assert kinds[0] == IdeaEventKind.RECEIVED
        if idea.assignee is not None:
            assert idea.assignee.email.startswith("staff.") and IdeaEventKind.ASSIGNED in kinds
        if idea.status != IdeaStatus.RECEIVED:
            assert IdeaEventKind.STATUS_CHANGED in kinds
        if idea.is_answered:
            assert kinds[-1] == IdeaEventKind.ANSWERED
            assert idea.answering_department and idea.answered_by
            assert idea.answered_at > idea.created_at
        # The history runs in the order staff work (events are read in time order).
        steps = [
            IdeaEventKind.RECEIVED,
            IdeaEventKind.ASSIGNED,
            IdeaEventKind.STATUS_CHANGED,
            IdeaEventKind.ANSWERED,
        ]
        assert kinds == steps[: len(kinds)]
    assert any(idea.assignee is None for idea in ideas)  # some still wait for a person
