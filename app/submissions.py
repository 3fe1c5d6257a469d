"""Safe resubmission: a create form sent twice (a double click, a resend, a replay) saves once.

Each create form carries a one-time submission key, made when the form is drawn
(`SubmittedOnce`). `attempt_once` writes a `Submission` row (person, form address, key) in the
same transaction as the row the form creates, under a unique constraint. A replay, one after
the other or at the same instant, finds that row and is answered with the first result, so the
view shows the same flash and redirect and nothing is saved twice. The constraint is the real
guard: a replay that raced past the lookup fails on it (PostgreSQL holds it until the first
commits) and then reads the first result.

A key only ever finds the submissions of the person who sends it, to the address it was sent
to: someone else's key saves their own row, never learns where another's went. A key without
the right shape counts as no key (the form still saves, without the protection). Keys are
kept for a day (`KEPT`); the sender's old ones are tidied when they send a new form.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, Protocol, TypeVar

from flask import request
from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, UniqueConstraint, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column
from wtforms import HiddenField

from app.actions import Done, FileChanges, Outcome, Refusal, Refused, attempt
from app.clock import utcnow
from app.dbtypes import UTCDateTime
from app.extensions import Model, db
from app.lookups import current_person

KEPT = timedelta(days=1)  # far longer than any double click or retry; short enough to stay small
_KEY_SHAPE = re.compile(r"[A-Za-z0-9_-]{22,64}")


class Submission(Model):
    """A create form that was saved: who sent it, where to, with which key, and what it made."""

    __tablename__ = "submissions"
    __table_args__ = (UniqueConstraint("user_id", "form", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    form: Mapped[str] = mapped_column(String(200))  # the address it was posted to
    key: Mapped[str] = mapped_column(String(64))
    # The id of the row the form created (its table is the view's to know): None only until
    # the action has run, inside the transaction that writes both.
    result_id: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def new_submission_key() -> str:
    return secrets.token_urlsafe(24)


class SubmissionKeyField(HiddenField):
    """The key of one drawing of a form: a new one on every GET, the sent one on a POST.

    Drawn without an id, since a page may hold several forms with a key (an idea's comment and
    report forms)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(default=new_submission_key, render_kw={"id": False}, **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        sent = valuelist[0] if valuelist else None
        self.data = sent if isinstance(sent, str) and _KEY_SHAPE.fullmatch(sent) else None


class SubmittedOnce:
    """A form mixin: the form carries a submission key (`{{ form.submission_key }}`)."""

    submission_key = SubmissionKeyField()


class _KeyedForm(Protocol):
    submission_key: Any


class _Created(Protocol):
    id: Any


R = TypeVar("R", bound=_Created)

ALREADY_SENT = _l(
    "This form was already sent, and what it made is no longer here. Open the form again to "
    "send it anew."
)


def attempt_once(
    form: _KeyedForm,
    model: type[R],
    action: Callable[[], R],
    *,
    files: FileChanges | None = None,
) -> Outcome[R]:
    """`attempt(action)`, unless this form's key was already used: then the first result.

    `model` is the class of what `action` creates: a replay is answered with that row, as if it
    had just been made, so the view says and shows the same.
    """
    key = form.submission_key.data
    person_id = getattr(current_person(), "id", None)  # a key is only ever a signed-in person's
    if not key or person_id is None:
        return attempt(action, files=files)
    sent_to = request.path[:200]
    earlier = _earlier(person_id, sent_to, key, model)
    if earlier is not None:
        return earlier

    def record() -> R:
        submission = Submission(user_id=person_id, form=sent_to, key=key)
        db.session.add(submission)
        db.session.flush()  # a concurrent replay waits here for ours and then fails
        created = action()
        submission.result_id = created.id
        db.session.execute(
            delete(Submission).where(
                Submission.user_id == person_id, Submission.created_at < utcnow() - KEPT
            )
        )
        db.session.flush()
        return created

    try:
        return attempt(record, files=files)
    except IntegrityError:
        # `attempt` rolled back. Another request with this key committed first (else the
        # constraint that failed is not ours: that error stands).
        earlier = _earlier(person_id, sent_to, key, model)
        if earlier is None:
            raise
        return earlier


def sent_before(form: _KeyedForm, model: type[R]) -> Outcome[R] | None:
    """The first result of this form's key, if it was sent before: for a view whose form no
    longer validates once its first sending is saved (a choice it used up)."""
    key = form.submission_key.data
    person_id = getattr(current_person(), "id", None)
    if not key or person_id is None:
        return None
    return _earlier(person_id, request.path[:200], key, model)


def _earlier(person_id: int, sent_to: str, key: str, model: type[R]) -> Outcome[R] | None:
    result_id = db.session.scalar(
        select(Submission.result_id).where(
            Submission.user_id == person_id, Submission.form == sent_to, Submission.key == key
        )
    )
    if result_id is None:
        return None
    created = db.session.get(model, result_id)
    if created is None:  # deleted since: saying so beats making it again
        return Refused(Refusal(str(ALREADY_SENT)))
    return Done(created)
