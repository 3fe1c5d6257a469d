"""Running a state change from a view: commit it, or roll back and say why not.

Services change state and flush; they raise a `DomainError` when a rule forbids the action.
A view hands the action to `attempt`, which commits once, or rolls back and returns the
refusal (a domain error, or a write that lost a race with another request's version), so
that no view half-saves and every view rolls back the same way. `show_refusal` puts the
message next to its form field, else flashes it. Files written by an action go again when
its commit fails; files it dropped go only once the commit holds (`FileChanges`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeAlias, TypeVar

from flask import flash, has_request_context
from flask_babel import get_locale
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from app.errors import AlreadyDone, Conflict, DomainError
from app.extensions import db

T = TypeVar("T")


@dataclass(frozen=True)
class Refusal:
    """Why an action was not done; nothing of it was saved."""

    message: str
    field: str | None = None
    error: DomainError | None = None  # for a view that needs the details (which items, …)

    @property
    def conflict(self) -> bool:
        """Someone else changed the object first: show it as it is now."""
        return isinstance(self.error, Conflict)

    @classmethod
    def of(cls, error: DomainError) -> Refusal:
        return cls(str(error.message), error.field, error)


@dataclass(frozen=True)
class Done(Generic[T]):
    """The action was committed; `value` is what it returned."""

    value: T
    refused: Literal[False] = False
    refusal: None = None


@dataclass(frozen=True)
class Refused:
    """The action was rolled back; `refusal` says why."""

    refusal: Refusal
    refused: Literal[True] = True


# What `attempt` gives back. `if outcome.refused:` tells the two apart, for the type checker too.
Outcome: TypeAlias = Done[T] | Refused


@dataclass
class FileChanges:
    """Files on disk that an action writes or replaces, by stored name.

    The database decides: a file written for a change that is not committed is removed, and a
    file the change dropped (replaced or deleted) is removed only once the change is committed.
    """

    remove: Callable[[str], None]
    written: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)

    def wrote(self, name: str) -> str:
        self.written.append(name)
        return name

    def drop(self, name: str | None) -> None:
        """The change no longer uses this file (replaced or deleted): it goes once committed."""
        if name:
            self.replaced.append(name)

    def _discard(self, names: list[str]) -> None:
        for name in names:
            self.remove(name)
        names.clear()

    def commit_failed(self) -> None:
        self._discard(self.written)
        self.replaced.clear()

    def committed(self) -> None:
        self.written.clear()
        self._discard(self.replaced)


def attempt(
    action: Callable[[], T],
    *,
    files: FileChanges | None = None,
    lost_race: Callable[[OperationalError], bool] | None = None,
) -> Outcome[T]:
    """Run `action` and commit; on a domain error or a stale version, roll back and refuse.

    A write that found its row at another version (the ORM's version counter) is a
    `Conflict`; `lost_race` may say the same of a database's own refusal (SQLite's stale
    snapshot). Any other exception is rolled back and raised again: that is a 500, and the
    error page may then truthfully say nothing was saved.
    """
    try:
        value = action()
        db.session.commit()
    except DomainError as error:
        _roll_back(files)
        return Refused(Refusal.of(error))
    except StaleDataError:
        _roll_back(files)
        return Refused(Refusal.of(Conflict()))
    except OperationalError as error:
        _roll_back(files)
        if lost_race is not None and lost_race(error):
            return Refused(Refusal.of(Conflict()))
        raise
    except BaseException:
        _roll_back(files)
        raise
    if files is not None:
        files.committed()
    return Done(value)


def flush_once(already: Callable[[], DomainError] = AlreadyDone) -> None:
    """Flush a new row that a unique constraint allows only once (a match of a need and an
    offer, a membership, a report…).

    The service checked that it did not exist, but a double click or a replay at the same
    instant passes that check twice; the constraint then refuses the second row. That is
    answered with `already()` (an honest "already done": an error class, made only then, as
    making one translates its message), which `attempt` rolls back and shows, instead of a
    500. Only a unique constraint's refusal is meant: any other stands.
    """
    if has_request_context():
        # Making the refusal translates its message; choosing the language may read the
        # account, which a session whose flush failed can no longer do: choose it first.
        get_locale()
    try:
        db.session.flush()
    except IntegrityError as error:
        if not _is_unique_violation(error):
            raise
        raise already() from None


def _is_unique_violation(error: IntegrityError) -> bool:
    # psycopg: "duplicate key value violates unique constraint …" (SQLSTATE 23505);
    # SQLite: "UNIQUE constraint failed: …" (also for a primary key).
    if getattr(error.orig, "sqlstate", None) == "23505":
        return True
    return "unique constraint" in str(error.orig).lower()


def _roll_back(files: FileChanges | None) -> None:
    db.session.rollback()
    if files is not None:
        files.commit_failed()


def show_refusal(refusal: Refusal | DomainError, form: Any = None) -> bool:
    """Put the message next to its field of `form`; else flash it. True when at a field.

    A form may keep a list `<field>_errors` for a field that is a whole table (a contest's
    criteria): the message then goes there, above the table.
    """
    if isinstance(refusal, DomainError):
        refusal = Refusal.of(refusal)
    table_errors = getattr(form, f"{refusal.field}_errors", None) if refusal.field else None
    if isinstance(table_errors, list):
        table_errors.append(refusal.message)
        return True
    target = getattr(form, refusal.field, None) if form is not None and refusal.field else None
    if target is not None and hasattr(target, "errors") and not isinstance(target.errors, dict):
        target.errors = [*target.errors, refusal.message]
        return True
    flash(refusal.message, "error")
    return False
