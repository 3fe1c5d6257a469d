"""The consent history a record's page shows: to the area's staff with who recorded, approved
and withdrew each, to the person (or who speaks for them) with a way to withdraw."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import url_for

from app.clock import seoul_today
from app.consents import rules
from app.consents.models import ConsentRecord
from app.consents.services import consent_history, is_valid_on
from app.consents.subjects import Subject, subject_kind


@dataclass(frozen=True)
class ConsentLine:
    record: ConsentRecord
    valid_today: bool
    may_withdraw: bool
    may_approve: bool


@dataclass(frozen=True)
class ConsentPanel:
    lines: list[ConsentLine]
    staff: bool  # sees who recorded each, and the staff's forms
    record_url: str
    override_url: str


def consent_panel(kind_name: str, subject_record: Any, viewer: Any) -> ConsentPanel | None:
    """None for anyone who is neither the area's staff nor speaks for the subject."""
    kind = subject_kind(kind_name)
    if kind is None:
        return None
    staff = rules.may_manage_consents(viewer, kind, subject_record)
    if not staff and not kind.speaks_for(viewer, subject_record):
        return None
    today = seoul_today()
    lines = []
    for record in consent_history(Subject(kind_name, subject_record.id)):
        # Who speaks for the subject sees what they recorded or gave themselves: the office's
        # own records (a health consent, an override) may say more than they should learn.
        if not staff and viewer.id not in (record.obtained_by_id, record.person_id):
            continue
        open_ = record.withdrawn_at is None
        lines.append(
            ConsentLine(
                record=record,
                valid_today=is_valid_on(record, today, record.recipient),
                may_withdraw=open_ and rules.may_withdraw(viewer, kind, subject_record, record),
                may_approve=staff
                and open_
                and record.is_override
                and record.approved_at is None
                and record.obtained_by_id != viewer.id,
            )
        )
    if not staff and not lines:
        return None
    return ConsentPanel(
        lines=lines,
        staff=staff,
        record_url=url_for("consents.record", kind_name=kind_name, subject_id=subject_record.id),
        override_url=url_for(
            "consents.ask_override", kind_name=kind_name, subject_id=subject_record.id
        ),
    )
