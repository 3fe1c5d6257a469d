"""Demo ideas: three departments and sixteen ideas over the last six months, in every state —
received, under review, answered with each outcome — some overdue, some answered late, with
supports, comments (one hidden by the moderator, one reported), internal notes, assignments to
the demo staff and the matching history. Written straight into the models, like the demo
contests, so that the accountability page has a shape from the first start.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from app.accounts.models import User
from app.areas.models import Area
from app.categories.models import Category
from app.clock import utcnow
from app.demo.ideas_data import (
    COMMENTS,
    DEPARTMENTS,
    HIDDEN_COMMENT,
    IDEAS,
    REPORTED_COMMENT,
    DemoIdea,
)
from app.extensions import db
from app.ideas.deadlines import due_date_for
from app.ideas.models import (
    CommentReport,
    Department,
    Idea,
    IdeaComment,
    IdeaEvent,
    IdeaEventKind,
    IdeaNote,
    IdeaStatus,
    IdeaSupport,
)


def load_demo_ideas(
    users: dict[str, User], categories: dict[str, Category], gu_by_code: dict[str, Area]
) -> list[Idea]:
    people = dict(users) | _neighbours()
    departments = [Department(name_ko=ko, name_en=en) for ko, en in DEPARTMENTS]
    db.session.add_all(departments)
    staff = users["staff.jongno"]
    now = utcnow()
    ideas = []
    for index, demo in enumerate(IDEAS):
        received_at = (now - timedelta(days=demo.days_ago)).replace(hour=index % 9, minute=17)
        idea = _idea(demo, people, categories, gu_by_code, received_at)
        _work_on(idea, demo, departments, staff, users, received_at)
        supporters = [p for name, p in people.items() if name.startswith("neighbour")]
        supporters = [users["resident"], users["resident.en"], *supporters[index:]]
        for supporter in [s for s in supporters if s is not idea.author][: demo.supporters]:
            idea.supports.append(IdeaSupport(user=supporter, created_at=received_at))
        idea.support_count = len(idea.supports)
        ideas.append(idea)
    db.session.add_all(ideas)
    _comments(ideas, people, users["moderator"])
    db.session.flush()
    return ideas


def _neighbours() -> dict[str, User]:
    """The demo's neighbours (made with the demo pins), by local part: they author ideas."""
    neighbours = db.session.scalars(
        select(User).where(User.email.like("neighbour%@%")).order_by(User.email)
    )
    return {user.email.split("@")[0]: user for user in neighbours}


def _idea(demo: DemoIdea, people, categories, gu_by_code, received_at: datetime) -> Idea:
    return Idea(
        author=people[demo.author],
        title=demo.title,
        body=demo.body,
        category=categories[demo.category],
        area=gu_by_code.get(demo.gu) if demo.gu else None,
        status=IdeaStatus.RECEIVED,
        created_at=received_at,
        updated_at=received_at,
        due_on=due_date_for(received_at),
    )


def _work_on(idea: Idea, demo: DemoIdea, departments, staff: User, users, received_at) -> None:
    """Assignment, review and answer, each with its history event, as staff would have done."""
    event = IdeaEvent(kind=IdeaEventKind.RECEIVED, actor=idea.author, to_status=idea.status)
    event.created_at = received_at
    idea.events.append(event)
    if demo.department is None:
        return
    department = departments[demo.department]
    assigned_at = received_at + timedelta(hours=20)
    idea.department, idea.assignee = department, staff
    idea.events.append(
        IdeaEvent(
            kind=IdeaEventKind.ASSIGNED,
            actor=users["admin"],
            department=department,
            assignee=staff,
            created_at=assigned_at,
        )
    )
    if demo.note:
        idea.notes.append(IdeaNote(author=staff, body=demo.note, created_at=assigned_at))
    if demo.reviewing_after is None:
        return
    idea.review_started_at = received_at + timedelta(days=demo.reviewing_after)
    idea.status = IdeaStatus.UNDER_REVIEW
    idea.events.append(
        IdeaEvent(
            kind=IdeaEventKind.STATUS_CHANGED,
            actor=staff,
            from_status=IdeaStatus.RECEIVED,
            to_status=IdeaStatus.UNDER_REVIEW,
            created_at=idea.review_started_at,
        )
    )
    idea.updated_at = idea.review_started_at
    if demo.outcome is None:
        return
    assert demo.answered_after is not None  # every answered demo idea says when (ideas_data)
    answered_at = received_at + timedelta(days=demo.answered_after, hours=5)
    idea.status, idea.outcome, idea.response = IdeaStatus.ANSWERED, demo.outcome, demo.response
    idea.answered_at, idea.answered_by, idea.answering_department = answered_at, staff, department
    idea.updated_at = answered_at
    idea.events.append(
        IdeaEvent(
            kind=IdeaEventKind.ANSWERED,
            actor=staff,
            from_status=IdeaStatus.UNDER_REVIEW,
            to_status=IdeaStatus.ANSWERED,
            department=department,
            created_at=answered_at,
        )
    )


def _comments(ideas: list[Idea], people: dict[str, User], moderator: User) -> None:
    for index, author, body in COMMENTS:
        ideas[index].comments.append(
            IdeaComment(author=people[author], body=body, created_at=_after(ideas[index], 2))
        )
    index, author, body, reason = HIDDEN_COMMENT
    hidden_at = _after(ideas[index], 4)
    hidden = IdeaComment(
        author=people[author],
        body=body,
        created_at=_after(ideas[index], 3),
        hidden_at=hidden_at,
        hidden_by=moderator,
        hidden_reason=reason,
    )
    hidden.reports.append(
        CommentReport(
            reporter=people["resident"],
            reason="개인 전화번호가 적혀 있습니다.",
            created_at=hidden_at - timedelta(hours=2),
            resolved_at=hidden_at,
            resolved_by=moderator,
        )
    )
    ideas[index].comments.append(hidden)
    index, author, body = REPORTED_COMMENT
    reported = IdeaComment(author=people[author], body=body, created_at=_after(ideas[index], 1))
    reported.reports.append(
        CommentReport(
            reporter=people["resident"],
            reason="다른 시민을 비꼬는 댓글입니다.",
            created_at=_after(ideas[index], 2),
        )
    )
    ideas[index].comments.append(reported)


def _after(idea: Idea, days: int) -> datetime:
    """A moment `days` after the idea arrived, but never in the future."""
    return min(idea.created_at + timedelta(days=days), utcnow() - timedelta(minutes=5))
