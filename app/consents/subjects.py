"""The kinds of data subject a consent can be about, registered by the features that own them.

Consents sit below the features that hold personal records (pins today; reports, visits and
beneficiaries later), so those features tell this module how to find one of their records, which
area's staff look after it, who speaks for it and what happens when a consent is withdrawn:
the import runs one way (pins -> consents).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from app.areas.models import Area

if TYPE_CHECKING:
    from app.consents.models import ConsentRecord


@dataclass(frozen=True)
class Subject:
    """Whose record a consent is about: a kind registered below and that record's id."""

    kind: str
    id: int


@dataclass(frozen=True)
class SubjectKind:
    load: Callable[[int], Any | None]  # the record, or None
    areas: Callable[[Any], Sequence[Area | None]]  # its staff: those of any of these areas
    page: Callable[[Any], str]  # the address of the record's page, to go back to
    # Who may withdraw a consent besides the area's staff: the person, or who speaks for them
    # (a need's author for the neighbour they posted for).
    speaks_for: Callable[[Any, Any], bool] = lambda viewer, record: False
    # Called in the withdrawing transaction: hide what depended on the consent.
    withdrawn: Callable[[Any, ConsentRecord], None] = lambda record, consent: None
    purposes: frozenset[str] = field(default_factory=frozenset)  # empty: every purpose
    # Who manages the consents, when not the staff of `areas` (a welfare facility's own
    # officers, for the people only that facility may know of).
    managed_by: Callable[[Any, Any], bool] | None = None
    # The records are in the access log (app.access_log) under the kind's name: the consent
    # pages then log each look and each change, as the feature's own pages do.
    access_logged: bool = False


_kinds: dict[str, SubjectKind] = {}


def register_subject(kind: str, definition: SubjectKind) -> None:
    _kinds[kind] = definition


def subject_kind(kind: str) -> SubjectKind | None:
    return _kinds.get(kind)
