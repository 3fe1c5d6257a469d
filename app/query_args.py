"""Reading filters and pages from a query string, the same way on every page.

Bad or unknown values never raise: they mean "no filter" (or the default), so a hand-edited
or stale link still shows a page. Areas are named by code, other objects by id.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import TypeVar

from sqlalchemy import select

from app.areas.models import Area
from app.extensions import db

E = TypeVar("E", bound=enum.Enum)
M = TypeVar("M")
S = TypeVar("S", bound=str)

# Longer than any id we hand out; stops int() from ever parsing an enormous number.
_MAX_ID_DIGITS = 9
_MAX_CODE_LENGTH = 20
TRUE_WORDS = frozenset({"1", "y", "yes", "on", "true"})


def _text(args: Mapping[str, str], name: str) -> str:
    return (args.get(name) or "").strip()


def id_arg(args: Mapping[str, str], name: str) -> int | None:
    raw = _text(args, name)
    if raw.isdigit() and len(raw) <= _MAX_ID_DIGITS:
        return int(raw)
    return None


def page_arg(args: Mapping[str, str], name: str = "page") -> int:
    """A page number, 1 when absent or malformed."""
    return max(id_arg(args, name) or 1, 1)


def enum_arg(args: Mapping[str, str], name: str, enum_class: type[E]) -> E | None:
    raw = _text(args, name)
    for member in enum_class:
        if member.value == raw:
            return member
    return None


def choice_arg(args: Mapping[str, str], name: str, choices: Iterable[S], default: S) -> S:
    raw = _text(args, name)
    for choice in choices:
        if choice == raw:
            return choice
    return default


def flag_arg(args: Mapping[str, str], name: str) -> bool:
    return _text(args, name).lower() in TRUE_WORDS


def object_arg(args: Mapping[str, str], name: str, model: type[M]) -> M | None:
    """The object of `model` whose id the parameter holds, or None."""
    object_id = id_arg(args, name)
    return db.session.get(model, object_id) if object_id is not None else None


def area_arg(args: Mapping[str, str], name: str = "area") -> Area | None:
    """The gu or dong whose code the parameter holds, or None."""
    code = _text(args, name)
    if not code or len(code) > _MAX_CODE_LENGTH:
        return None
    return db.session.scalars(select(Area).where(Area.code == code)).first()
