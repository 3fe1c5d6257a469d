"""The ideas schema on both databases: constraints, due dates, the version counter."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.ideas.deadlines import answered_on_time, due_date_for
from app.ideas.models import IdeaStatus
from tests.ideas.factories import comment_on, make_idea, report_comment, support


def test_an_answered_idea_has_an_outcome_and_a_response():
    idea = make_idea(status=IdeaStatus.ANSWERED)
    idea.response = None
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_an_idea_not_answered_has_no_outcome():
    idea = make_idea(status=IdeaStatus.ANSWERED)
    idea.status = IdeaStatus.UNDER_REVIEW
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_a_citizen_supports_an_idea_once(resident):
    idea = make_idea()
    support(idea, resident)
    with pytest.raises(IntegrityError):
        support(idea, resident)
    db.session.rollback()


def test_a_hidden_comment_has_a_reason():
    comment = comment_on(make_idea())
    comment.hidden_at = datetime.now(UTC)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_a_reader_reports_a_comment_once(resident):
    comment = comment_on(make_idea())
    report_comment(comment, resident)
    with pytest.raises(IntegrityError):
        report_comment(comment, resident)
    db.session.rollback()


def test_the_due_date_counts_seoul_days(app):
    # 23:30 UTC on 1 March is 08:30 on 2 March in Seoul.
    received = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    assert due_date_for(received, days=14) == date(2026, 3, 16)
    assert answered_on_time(datetime(2026, 3, 16, 14, 59, tzinfo=UTC), date(2026, 3, 16))
    assert not answered_on_time(datetime(2026, 3, 16, 15, 0, tzinfo=UTC), date(2026, 3, 16))
    with app.test_request_context():
        assert due_date_for(received) == date(2026, 3, 16)  # IDEA_RESPONSE_DAYS = 14
