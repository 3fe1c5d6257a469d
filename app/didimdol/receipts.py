"""Year-end receipts (기부금영수증) and contribution certificates (기부 확인서) issued by the
donee, the one organisation entitled to (DIDIMDOL_DONEE_ID).

A document's amount is the sum, to the won, of the donor's standing donation records of one
Seoul calendar year whose pledge kind the document covers: a receipt the kinds the law allows
(DIDIMDOL_RECEIPT_KINDS, goods by default), a certificate the others (services are not
deductible). A reversed redemption is left out whole, whenever it was reversed, so a receipt
never depends on the day it was issued on a reversal in the next January.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from flask import current_app
from sqlalchemy import func, select

from app.accounts.models import User
from app.clock import SEOUL, utcnow
from app.didimdol.models import DonationRecord, DonorEnrolment, PledgeKind
from app.didimdol.receipts_errors import (
    AlreadyIssued,
    AlreadyVoid,
    NoDonee,
    NothingToReceipt,
    ReasonRequired,
)
from app.didimdol.receipts_models import (
    DonationDocument,
    DonationDocumentKind,
    DonationDocumentStatus,
)
from app.didimdol.serials import next_number
from app.extensions import db
from app.organisations.models import Organisation


def donee() -> Organisation | None:
    donee_id = current_app.config.get("DIDIMDOL_DONEE_ID")
    return db.session.get(Organisation, donee_id) if donee_id else None


def pledge_kinds(kind: DonationDocumentKind) -> list[PledgeKind]:
    receipted = {PledgeKind(value) for value in current_app.config["DIDIMDOL_RECEIPT_KINDS"]}
    if kind == DonationDocumentKind.RECEIPT:
        return sorted(receipted)
    return sorted(set(PledgeKind) - receipted)


def document_kinds() -> list[DonationDocumentKind]:
    """The kinds that cover some pledge kind (all goods and services receipted: no certificate)."""
    return [kind for kind in DonationDocumentKind if pledge_kinds(kind)]


def year_bounds(year: int) -> tuple[datetime, datetime]:
    start = datetime(year, 1, 1, tzinfo=SEOUL).astimezone(UTC)
    return start, datetime(year + 1, 1, 1, tzinfo=SEOUL).astimezone(UTC)


def amounts(
    year: int, kind: DonationDocumentKind, enrolment_id: int | None = None
) -> dict[int, int]:
    """Won given in `year` per enrolment, of the pledge kinds `kind` covers."""
    start, end = year_bounds(year)
    cancelled = select(DonationRecord.cancels_id).where(DonationRecord.cancels_id.is_not(None))
    query = (
        select(DonationRecord.enrolment_id, func.sum(DonationRecord.value))
        .where(
            DonationRecord.at >= start,
            DonationRecord.at < end,
            DonationRecord.cancels_id.is_(None),
            DonationRecord.id.not_in(cancelled),
            DonationRecord.kind.in_(pledge_kinds(kind)),
        )
        .group_by(DonationRecord.enrolment_id)
    )
    if enrolment_id is not None:
        query = query.where(DonationRecord.enrolment_id == enrolment_id)
    return {row[0]: int(row[1]) for row in db.session.execute(query) if row[1]}


def standing(year: int, kind: DonationDocumentKind, enrolment_id: int) -> DonationDocument | None:
    return db.session.scalar(
        select(DonationDocument).where(
            DonationDocument.year == year,
            DonationDocument.kind == kind,
            DonationDocument.enrolment_id == enrolment_id,
            DonationDocument.status == DonationDocumentStatus.ISSUED,
        )
    )


def issue_document(
    enrolment: DonorEnrolment,
    year: int,
    kind: DonationDocumentKind,
    officer: User,
    now: datetime | None = None,
) -> DonationDocument:
    issuer = donee()
    if issuer is None:
        raise NoDonee()
    if standing(year, kind, enrolment.id) is not None:
        raise AlreadyIssued()
    amount = amounts(year, kind, enrolment.id).get(enrolment.id, 0)
    if amount <= 0:
        raise NothingToReceipt()
    document = DonationDocument(
        donee_id=issuer.id,
        kind=kind,
        year=year,
        serial=next_number(f"{kind.value}:{issuer.id}:{year}"),
        enrolment_id=enrolment.id,
        donor_name=enrolment.organisation.name_ko,
        business_number=enrolment.business_number,
        amount=amount,
        token=secrets.token_urlsafe(24),
        issued_at=now or utcnow(),
        issued_by_id=officer.id,
    )
    db.session.add(document)
    db.session.flush()
    return document


def issue_all(year: int, officer: User, now: datetime | None = None) -> list[DonationDocument]:
    """Every donor's documents of the year that are not issued yet: sent twice, the second
    issues nothing."""
    issued = []
    for kind in document_kinds():
        for enrolment_id in sorted(amounts(year, kind)):
            if standing(year, kind, enrolment_id) is None:
                enrolment = db.session.get_one(DonorEnrolment, enrolment_id)
                issued.append(issue_document(enrolment, year, kind, officer, now))
    return issued


def void_document(
    document: DonationDocument, reason: str, officer: User, now: datetime | None = None
) -> DonationDocument:
    """Keeps its number and says why; a new document for the donor gets a new number."""
    if document.status == DonationDocumentStatus.VOID:
        raise AlreadyVoid()
    if not reason.strip():
        raise ReasonRequired()
    document.status = DonationDocumentStatus.VOID
    document.void_reason = reason.strip()
    document.voided_at = now or utcnow()
    document.voided_by_id = officer.id
    db.session.flush()
    return document


def documents_of_year(year: int) -> list[DonationDocument]:
    query = select(DonationDocument).where(DonationDocument.year == year)
    return list(db.session.scalars(query.order_by(DonationDocument.kind, DonationDocument.serial)))


def documents_of(enrolment: DonorEnrolment) -> list[DonationDocument]:
    query = select(DonationDocument).where(DonationDocument.enrolment_id == enrolment.id)
    order = (DonationDocument.year.desc(), DonationDocument.kind, DonationDocument.serial)
    return list(db.session.scalars(query.order_by(*order)))


def by_token(token: str) -> DonationDocument | None:
    return db.session.scalar(select(DonationDocument).where(DonationDocument.token == token))


def enrolments_by_id(ids: set[int]) -> dict[int, DonorEnrolment]:
    query = select(DonorEnrolment).where(DonorEnrolment.id.in_(ids))
    return {enrolment.id: enrolment for enrolment in db.session.scalars(query)}
