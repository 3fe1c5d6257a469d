"""Who may record, override, approve and withdraw consents, built on app.permissions."""

from __future__ import annotations

from typing import Any

from app.consents.models import ConsentRecord
from app.consents.subjects import SubjectKind
from app.permissions import is_staff_for_area, signed_in


def may_manage_consents(viewer: Any, kind: SubjectKind, record: Any) -> bool:
    """Staff of the subject's area: they record consents on paper or by phone, see the history,
    ask for and approve overrides. A kind may name its own managers instead (`managed_by`)."""
    if not signed_in(viewer):
        return False
    if kind.managed_by is not None:
        return kind.managed_by(viewer, record)
    return any(is_staff_for_area(viewer, a) for a in kind.areas(record))


def may_withdraw(viewer: Any, kind: SubjectKind, record: Any, consent: ConsentRecord) -> bool:
    """The area's staff, the person themselves, or who speaks for them (a need's author)."""
    if not signed_in(viewer):
        return False
    if consent.person_id is not None and consent.person_id == viewer.id:
        return True
    return may_manage_consents(viewer, kind, record) or kind.speaks_for(viewer, record)
