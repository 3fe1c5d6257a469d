"""Finding what a request is about: the signed-in person, and an object it may see."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from flask import abort
from flask_login import current_user
from sqlalchemy.orm.interfaces import ORMOption

from app.extensions import db

if TYPE_CHECKING:  # not at run time: importing accounts would load its views before this module
    from app.accounts.models import User

M = TypeVar("M")


def current_person() -> User:
    """The signed-in person as a User (behind `login_required`), not the request's proxy."""
    return current_user._get_current_object()


def load_or_404(
    model: type[M],
    object_id: Any,
    may_see: Callable[[Any, M], bool] | None = None,
    *,
    options: Sequence[ORMOption] = (),
) -> M:
    """The object with this id, if the current visitor may see it; else 404.

    An object the visitor may not see answers exactly like one that does not exist, so that
    ids reveal nothing about hidden objects. `options` load what the page shows with it.
    """
    found = db.session.get(model, object_id, options=list(options))
    if found is None or (may_see is not None and not may_see(current_user, found)):
        abort(404)
    return found
