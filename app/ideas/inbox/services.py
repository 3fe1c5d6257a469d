"""The staff's work on ideas: giving an idea to a department and a person, taking it under
review, answering it publicly, correcting the response, internal notes. What the inbox
lists (filters, counts, overdue ideas) is in `app.ideas.inbox.queries`.

Services flush, never commit. Each transition checks the idea's state and raises a domain
error (app.ideas.inbox.errors) with a translated `message` when it does not apply. Forms carry
the idea's `version` as the page showed it: `IdeaChanged` refuses an action on an idea someone
changed since (and the ORM's version check, StaleDataError at flush, catches the same race when two
requests read the idea at the same instant).

Everything here is internal except what `answer` publishes: the outcome, the response, the
answer time and the answering department.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.accounts.models import User
from app.clock import utcnow
from app.extensions import db
from app.i18n import format_day
from app.ideas import rules
from app.ideas.accountability.kept import forget_after_commit
from app.ideas.inbox.errors import (
    IdeaChanged,
    InactiveDepartment,
    NoDepartment,
    NoResponse,
    NotAssignable,
    WrongState,
)
from app.ideas.labels import OUTCOME_LABELS, STATUS_LABELS
from app.ideas.models import (
    Department,
    Idea,
    IdeaEvent,
    IdeaEventKind,
    IdeaNote,
    IdeaOutcome,
    IdeaStatus,
    IdeaSupport,
)
from app.notifications.models import NotificationKind
from app.notifications.services import Param, local_path, notify, notify_all

RESPONSE_MAX = 5000
NOTE_MAX = 2000


def check_version(idea: Idea, version: int | None) -> None:
    if version != idea.version:
        raise IdeaChanged()


def _event(idea: Idea, actor: User, kind: IdeaEventKind, now: datetime, **fields) -> None:
    db.session.add(IdeaEvent(idea=idea, kind=kind, actor=actor, created_at=now, **fields))


# --- assigning -----------------------------------------------------------------------------------

ASSIGNED_SUBJECT = _l("An idea for you to answer: “%(title)s”")
ASSIGNED_BODY = _l(
    "%(actor)s gave you the citizen's idea “%(title)s”. It is due an answer by %(due)s."
)
BULK_ASSIGNED_SUBJECT = _l("Ideas for you to answer: %(count)d")
BULK_ASSIGNED_BODY = _l(
    "%(actor)s gave you citizens' ideas to answer (%(count)d in all). The earliest is due an "
    "answer by %(due)s."
)


def _give(idea: Idea, actor: User, department, assignee, now: datetime) -> bool | None:
    """Set what changes (None leaves that side as it is) and record it. None when nothing
    changed; otherwise whether the idea has a new assignee."""
    if idea.is_answered:
        raise WrongState(_l("This idea is answered: who holds it no longer changes."))
    department = department if department is not None else idea.department
    assignee = assignee if assignee is not None else idea.assignee
    department_id = department.id if department else None
    assignee_id = assignee.id if assignee else None
    if department_id != idea.department_id and not department.is_active:
        raise InactiveDepartment()
    if assignee_id != idea.assignee_id and not rules.may_be_assigned(assignee):
        raise NotAssignable()
    if (department_id, assignee_id) == (idea.department_id, idea.assignee_id):
        return None
    new_assignee = assignee_id is not None and assignee_id != idea.assignee_id
    idea.department, idea.assignee = department, assignee
    _event(idea, actor, IdeaEventKind.ASSIGNED, now, department=department, assignee=assignee)
    return new_assignee


def assign(
    idea: Idea,
    actor: User,
    *,
    department: Department | None = None,
    assignee: User | None = None,
    version: int | None = None,
    now: datetime | None = None,
) -> bool:
    """Give the idea to a department and/or a person; False when it already was. A new
    assignee is told (not when they gave it to themselves)."""
    check_version(idea, version)
    new_assignee = _give(idea, actor, department, assignee, now or utcnow())
    if new_assignee is None:
        return False
    db.session.flush()
    if new_assignee and idea.assignee_id != actor.id:
        assert idea.assignee is not None  # a new assignee is never None (see _give)
        _tell_assignee(idea.assignee, actor, [idea])
    return True


@dataclass
class BulkAssignment:
    assigned: list[Idea] = field(default_factory=list)
    unchanged: list[Idea] = field(default_factory=list)  # held that way already
    answered: list[Idea] = field(default_factory=list)  # skipped: answered meanwhile


def bulk_assign(
    ideas: Sequence[Idea],
    actor: User,
    *,
    department: Department | None = None,
    assignee: User | None = None,
    now: datetime | None = None,
) -> BulkAssignment:
    """Give several ideas at once, one event each. Answered ones are skipped (and reported):
    someone may have answered one since the inbox was drawn. The assignee is told once."""
    now = now or utcnow()
    result = BulkAssignment()
    newly_held = []
    for idea in ideas:
        if idea.is_answered:
            result.answered.append(idea)
            continue
        new_assignee = _give(idea, actor, department, assignee, now)
        if new_assignee is None:
            result.unchanged.append(idea)
            continue
        result.assigned.append(idea)
        if new_assignee:
            newly_held.append(idea)
    db.session.flush()
    if newly_held and assignee is not None and assignee.id != actor.id:
        _tell_assignee(assignee, actor, newly_held)
    return result


def _tell_assignee(assignee: User, actor: User, ideas: list[Idea]) -> None:
    earliest = min(ideas, key=lambda idea: idea.due_on)
    details: dict[str, Param] = {
        "actor": actor.display_name,
        "due": lambda: format_day(earliest.due_on),
    }
    if len(ideas) == 1:
        notify(
            assignee,
            NotificationKind.IDEA_ASSIGNED,
            link=local_path("ideas.staff_idea", idea_id=earliest.id),
            subject=ASSIGNED_SUBJECT,
            body=ASSIGNED_BODY,
            title=earliest.title,
            **details,
        )
        return
    notify(
        assignee,
        NotificationKind.IDEA_ASSIGNED,
        link=local_path("ideas.inbox", assignee="me"),
        subject=BULK_ASSIGNED_SUBJECT,
        body=BULK_ASSIGNED_BODY,
        count=len(ideas),
        **details,
    )


# --- reviewing and answering ---------------------------------------------------------------------

ANSWERED_SUBJECT = _l("The city answered the idea “%(title)s”")
ANSWERED_BODY = _l(
    "%(department)s answered the citizens' idea “%(title)s”. Outcome: %(outcome)s.\n\n"
    "The official response:\n%(response)s"
)


def start_review(idea: Idea, actor: User, version: int | None, now: datetime | None = None):
    check_version(idea, version)
    if idea.status != IdeaStatus.RECEIVED:
        raise WrongState(
            _l(
                "Only a received idea can be taken under review. This one is: %(status)s.",
                status=STATUS_LABELS[idea.status],
            )
        )
    now = now or utcnow()
    _event(
        idea,
        actor,
        IdeaEventKind.STATUS_CHANGED,
        now,
        from_status=idea.status,
        to_status=IdeaStatus.UNDER_REVIEW,
    )
    idea.status = IdeaStatus.UNDER_REVIEW
    idea.review_started_at = now
    db.session.flush()


def answer(
    idea: Idea,
    actor: User,
    outcome: IdeaOutcome,
    response: str,
    version: int | None,
    now: datetime | None = None,
) -> int:
    """Publish the official response in the name of the idea's department, and tell the
    author and every supporter (in the site and by email, each in their language). How many
    people were told."""
    forget_after_commit()  # the accountability figures change with this answer
    check_version(idea, version)
    if idea.is_answered:
        raise WrongState(_l("This idea is answered already. You can correct its response."))
    if idea.department is None:
        raise NoDepartment()
    response = _required(response)
    now = now or utcnow()
    _event(
        idea,
        actor,
        IdeaEventKind.ANSWERED,
        now,
        from_status=idea.status,
        to_status=IdeaStatus.ANSWERED,
        department=idea.department,
        assignee=idea.assignee,
    )
    idea.status = IdeaStatus.ANSWERED
    idea.outcome = outcome
    idea.response = response
    idea.answered_at = now
    idea.answered_by = actor
    idea.answering_department = idea.department
    db.session.flush()  # a stale read fails here, before anyone is told
    return _tell_readers(idea, actor)


def _required(response: str | None) -> str:
    """The form checks it too; this keeps a blank answer out whoever calls."""
    response = (response or "").strip()
    if not response:
        raise NoResponse()
    return response


def _tell_readers(idea: Idea, actor: User) -> int:
    """The author and the supporters, each once, in their language; how many were told."""
    supporters = db.session.scalars(
        select(User)
        .join(IdeaSupport, IdeaSupport.user_id == User.id)
        .where(IdeaSupport.idea_id == idea.id)
        .order_by(IdeaSupport.created_at, User.id)
    )
    readers = {person.id: person for person in [idea.author, *supporters]}
    readers.pop(actor.id, None)  # a staff member who supported the idea answered it
    department = idea.answering_department
    outcome = idea.outcome
    # answer() has just set both (the idea had a department, and was given its outcome).
    assert department is not None and outcome is not None
    notify_all(
        readers.values(),
        NotificationKind.IDEA_ANSWERED,
        link=local_path("ideas.show", idea_id=idea.id) + "#response",
        subject=ANSWERED_SUBJECT,
        body=ANSWERED_BODY,
        title=idea.title,
        department=lambda: department.name,  # in the reader's language
        outcome=lambda: str(OUTCOME_LABELS[outcome]),
        response=idea.response,
    )
    return len(readers)


def edit_response(
    idea: Idea,
    actor: User,
    outcome: IdeaOutcome,
    response: str,
    version: int | None,
    now: datetime | None = None,
) -> bool:
    """Correct a published answer (a mistake, a typo). The answer time stays, and nobody is
    told again. False when nothing changed."""
    check_version(idea, version)
    if not idea.is_answered:
        raise WrongState(_l("This idea is not answered yet: there is no response to correct."))
    response = _required(response)
    if (outcome, response) == (idea.outcome, idea.response):
        return False
    _event(
        idea,
        actor,
        IdeaEventKind.RESPONSE_EDITED,
        now or utcnow(),
        department=idea.answering_department,
    )
    idea.outcome = outcome
    idea.response = response
    db.session.flush()
    return True


def add_note(idea: Idea, author: User, body: str) -> IdeaNote:
    """Any time, in any state: notes are internal and never change the idea itself."""
    note = IdeaNote(idea_id=idea.id, author=author, body=body.strip(), created_at=utcnow())
    db.session.add(note)
    db.session.flush()
    return note
