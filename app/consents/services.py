"""Recording, checking, overriding and withdrawing consents. Flush, never commit.

Every check is a question about one day in Seoul, and fails closed. A later feature uses it so::

    from app.consents.models import ConsentPurpose
    from app.consents.services import require_consent
    from app.consents.subjects import Subject

    def open_case(report: Report, staff: User) -> Case:
        # Raises NoConsent (a translated DomainError) unless the person agreed to collection
        # and use on this day, or another staff member approved an override with its basis.
        require_consent(Subject("report", report.id), ConsentPurpose.COLLECTION_AND_USE)
        ...

    def refer(case: Case, organisation: Organisation) -> None:
        require_consent(
            Subject("case", case.id), ConsentPurpose.PROVISION_TO_ORGANISATION, organisation
        )

The feature registers its subject kind once (app.consents.subjects.register_subject) so that
the staff forms can find the record, its area and what a withdrawal hides.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from app.accounts.models import User
from app.clock import seoul_day, seoul_today, utcnow
from app.consents.errors import (
    AlreadyApproved,
    AlreadyWithdrawn,
    ApproverRequired,
    EndsBeforeGiven,
    GivenInTheFuture,
    GuardianRelationshipRequired,
    LegalBasisRequired,
    NoConsent,
    NotAnOverride,
    RecipientRequired,
)
from app.consents.models import ConsentMethod, ConsentPurpose, ConsentRecord, LegalBasis
from app.consents.subjects import Subject, subject_kind
from app.extensions import db
from app.organisations.models import Organisation
from app.permissions import Power, has_power


def record_consent(
    subject: Subject,
    purpose: ConsentPurpose,
    *,
    method: ConsentMethod,
    given_on: date,
    obtained_by: User | None,
    notice_version: str = "",
    person: User | None = None,
    recipient: Organisation | None = None,
    valid_until: date | None = None,
    guardian_relationship: str = "",
) -> ConsentRecord:
    """A consent as it was given: a new row, never a change to an older one."""
    _check_dates(given_on, valid_until)
    _check_recipient(purpose, recipient)
    guardian_relationship = guardian_relationship.strip()
    if method == ConsentMethod.BY_GUARDIAN and not guardian_relationship:
        raise GuardianRelationshipRequired()
    return _add_record(
        subject,
        purpose,
        recipient,
        person_id=person.id if person is not None else None,
        notice_version=notice_version.strip(),
        method=method,
        guardian_relationship=guardian_relationship,
        obtained_by=obtained_by,
        given_on=given_on,
        valid_until=valid_until,
    )


def request_override(
    subject: Subject,
    purpose: ConsentPurpose,
    *,
    basis: LegalBasis | None,
    note: str,
    requested_by: User,
    recipient: Organisation | None = None,
    valid_until: date | None = None,
) -> ConsentRecord:
    """Going ahead without consent, on a legal basis: it counts only once another staff member
    approves it (approve_override), so the row fails closed until then."""
    note = note.strip()
    if basis is None or not note:
        raise LegalBasisRequired()
    _check_recipient(purpose, recipient)
    today = seoul_today()
    _check_dates(today, valid_until)
    return _add_record(
        subject,
        purpose,
        recipient,
        obtained_by=requested_by,
        given_on=today,
        valid_until=valid_until,
        legal_basis=basis,
        legal_basis_note=note,
    )


def _add_record(
    subject: Subject, purpose: ConsentPurpose, recipient: Organisation | None, **fields: Any
) -> ConsentRecord:
    """A new row for the subject: a consent and an override are written the same way."""
    record = ConsentRecord(
        subject_kind=subject.kind,
        subject_id=subject.id,
        purpose=purpose,
        recipient=recipient,
        # Set as well as the relationship: the CHECK on a provision's recipient sees the column.
        recipient_organisation_id=recipient.id if recipient is not None else None,
        **fields,
    )
    db.session.add(record)
    db.session.flush()
    return record


def approve_override(record: ConsentRecord, approver: User, now: datetime | None = None) -> None:
    if not record.is_override:
        raise NotAnOverride()
    if record.withdrawn_at is not None:
        raise AlreadyWithdrawn()
    if record.approved_at is not None:
        raise AlreadyApproved()
    if approver.id == record.obtained_by_id or not has_power(approver, Power.STAFF_WORK):
        raise ApproverRequired()
    record.approved_by = approver
    record.approved_at = now or utcnow()
    db.session.flush()


def override(
    subject: Subject,
    purpose: ConsentPurpose,
    *,
    basis: LegalBasis | None,
    note: str,
    requested_by: User,
    approved_by: User | None,
    recipient: Organisation | None = None,
    valid_until: date | None = None,
) -> ConsentRecord:
    """An override asked for and approved at once (two staff members at the same desk)."""
    if approved_by is None:
        raise ApproverRequired()
    record = request_override(
        subject,
        purpose,
        basis=basis,
        note=note,
        requested_by=requested_by,
        recipient=recipient,
        valid_until=valid_until,
    )
    approve_override(record, approved_by)
    return record


def withdraw(
    record: ConsentRecord,
    by: User | None,
    now: datetime | None = None,
    *,
    hide_dependents: bool = True,
) -> None:
    """From now on the consent no longer counts; what depended on it is hidden by its owner
    (the subject kind's `withdrawn`), in the same transaction. A feature replacing a consent
    by a newer one, or ending one the record no longer needs, passes hide_dependents=False."""
    if record.withdrawn_at is not None:
        raise AlreadyWithdrawn()
    record.withdrawn_at = now or utcnow()
    record.withdrawn_by = by
    db.session.flush()
    kind = subject_kind(record.subject_kind)
    if hide_dependents and kind is not None:
        subject_record = kind.load(record.subject_id)
        if subject_record is not None:
            kind.withdrawn(subject_record, record)
    db.session.flush()


def is_valid_on(record: ConsentRecord, on: date, recipient: Organisation | None = None) -> bool:
    """One row read on one day. Everything not plainly valid is not."""
    if record.given_on > on:
        return False
    if record.valid_until is not None and record.valid_until < on:
        return False
    if record.withdrawn_at is not None and seoul_day(record.withdrawn_at) <= on:
        return False
    if record.purpose == ConsentPurpose.PROVISION_TO_ORGANISATION and (
        recipient is None or record.recipient_organisation_id != recipient.id
    ):
        return False
    if record.is_override:
        return record.approved_at is not None and seoul_day(record.approved_at) <= on
    return record.method is not None


def has_consent(
    subject: Subject,
    purpose: ConsentPurpose,
    recipient: Organisation | None = None,
    on: date | None = None,
) -> bool:
    """Whether some consent (or approved override) of this purpose holds on the day (today in
    Seoul unless said). A provision counts only for the recipient it names."""
    on = on or seoul_today()
    return any(is_valid_on(r, on, recipient) for r in _records(subject, purpose))


def require_consent(
    subject: Subject,
    purpose: ConsentPurpose,
    recipient: Organisation | None = None,
    on: date | None = None,
) -> None:
    if not has_consent(subject, purpose, recipient, on):
        raise NoConsent()


def valid_consents(
    subject: Subject, purpose: ConsentPurpose, on: date | None = None
) -> list[ConsentRecord]:
    on = on or seoul_today()
    return [r for r in _records(subject, purpose) if is_valid_on(r, on, r.recipient)]


def consent_history(subject: Subject) -> list[ConsentRecord]:
    """Every row about the subject, newest first: what staff see on the record's page."""
    return list(
        db.session.scalars(
            select(ConsentRecord)
            .where(
                ConsentRecord.subject_kind == subject.kind,
                ConsentRecord.subject_id == subject.id,
            )
            .order_by(ConsentRecord.recorded_at.desc(), ConsentRecord.id.desc())
        )
    )


def _records(subject: Subject, purpose: ConsentPurpose) -> list[ConsentRecord]:
    return list(
        db.session.scalars(
            select(ConsentRecord).where(
                ConsentRecord.subject_kind == subject.kind,
                ConsentRecord.subject_id == subject.id,
                ConsentRecord.purpose == purpose,
            )
        )
    )


def _check_recipient(purpose: ConsentPurpose, recipient: Organisation | None) -> None:
    if purpose == ConsentPurpose.PROVISION_TO_ORGANISATION and recipient is None:
        raise RecipientRequired()


def _check_dates(given_on: date, valid_until: date | None) -> None:
    if given_on > seoul_today():
        raise GivenInTheFuture()
    if valid_until is not None and valid_until < given_on:
        raise EndsBeforeGiven()
