"""Ideas, departments, supports, comments and notes for tests, built straight from the models
so that each feature's tests do not depend on another feature's services."""

from __future__ import annotations

from datetime import datetime, timedelta

from app.accounts.models import Role, User
from app.categories.models import Category
from app.clock import utcnow
from app.extensions import db
from app.ideas.deadlines import due_date_for
from app.ideas.models import (
    CommentReport,
    Department,
    Idea,
    IdeaComment,
    IdeaNote,
    IdeaOutcome,
    IdeaStatus,
    IdeaSupport,
)
from app.ideas.supports import count_support
from tests.factories import make_category, make_user

_counter = iter(range(1, 1_000_000))


def make_department(name_ko: str | None = None, **fields) -> Department:
    n = next(_counter)
    department = Department(
        name_ko=name_ko or f"복지정책과 {n}",
        name_en=fields.pop("name_en", f"Welfare Policy {n}"),
        **fields,
    )
    db.session.add(department)
    db.session.flush()
    return department


def make_idea(
    author: User | None = None,
    status: IdeaStatus = IdeaStatus.RECEIVED,
    *,
    title: str | None = None,
    body: str = "경로당에 겨울 난방비를 지원해 주세요.",
    category: Category | None = None,
    received_at: datetime | None = None,
    outcome: IdeaOutcome | None = None,
    response: str | None = None,
    answered_at: datetime | None = None,
    **fields,
) -> Idea:
    """An idea in `status`; an answered one gets an outcome, a response and an answer time
    (the day after it arrived unless given)."""
    n = next(_counter)
    received_at = received_at or utcnow()
    idea = Idea(
        author=author or make_user(),
        title=title or f"복지 아이디어 {n}",
        body=body,
        category=category or make_category(),
        status=status,
        created_at=received_at,
        due_on=fields.pop("due_on", None) or due_date_for(received_at),
        **fields,
    )
    if status != IdeaStatus.RECEIVED:
        idea.review_started_at = received_at + timedelta(hours=1)
    if status == IdeaStatus.ANSWERED:
        idea.outcome = outcome or IdeaOutcome.ADOPTED
        idea.response = response or "검토 결과 내년 예산에 반영하겠습니다."
        idea.answered_at = answered_at or received_at + timedelta(days=1)
    db.session.add(idea)
    db.session.flush()
    return idea


def support(idea: Idea, user: User | None = None) -> IdeaSupport:
    row = IdeaSupport(idea=idea, user=user or make_user())
    db.session.add(row)
    db.session.flush()
    count_support(idea, +1)
    return row


def comment_on(
    idea: Idea, author: User | None = None, body: str = "좋은 생각입니다."
) -> IdeaComment:
    comment = IdeaComment(idea=idea, author=author or make_user(), body=body)
    db.session.add(comment)
    db.session.flush()
    return comment


def report_comment(
    comment: IdeaComment, reporter: User | None = None, reason: str = "욕설"
) -> CommentReport:
    report = CommentReport(comment=comment, reporter=reporter or make_user(), reason=reason)
    db.session.add(report)
    db.session.flush()
    return report


def add_note(idea: Idea, body: str = "내부 검토 메모", author: User | None = None) -> IdeaNote:
    note = IdeaNote(idea=idea, body=body, author=author or make_user(Role.STAFF))
    db.session.add(note)
    db.session.flush()
    return note
