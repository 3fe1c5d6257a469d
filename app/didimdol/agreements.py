"""Associations and their donor agreements with the city: recorded by programme officers,
with the signed PDF kept on disk under a random name (checked by app.pdf_uploads). An agreement
ends by a dated step with its reason; nothing is deleted, so the history stays. Each service
flushes; the view commits (files through app.actions.FileChanges)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from flask import current_app
from sqlalchemy import func, or_, select

from app.accounts.models import User
from app.actions import FileChanges
from app.clock import seoul_today
from app.didimdol.association_errors import AgreementAlreadyEnded, EndBeforeStart
from app.didimdol.association_models import Agreement, Association, AssociationKind
from app.extensions import db
from app.pdf_uploads import CheckedPdf
from app.stored_files import write_new_file


@dataclass(frozen=True)
class AgreementTerms:
    signatory_name: str
    signatory_title: str
    signed_on: date
    valid_from: date
    valid_until: date | None
    terms: str


def record_association(name: str, kind: AssociationKind, by: User) -> Association:
    association = Association(name=name, kind=kind, recorded_by_id=by.id)
    db.session.add(association)
    db.session.flush()
    return association


def record_agreement(
    association: Association,
    terms: AgreementTerms,
    signed_pdf: CheckedPdf,
    by: User,
    files: FileChanges,
) -> Agreement:
    """The file is written first (a disk that refuses answers at the form's field) and goes
    again if the row is not committed."""
    stored_name = secrets.token_urlsafe(24) + ".pdf"
    write_new_file(agreements_folder(), stored_name, signed_pdf.data, field="signed_pdf")
    files.wrote(stored_name)
    agreement = Agreement(
        association=association,
        signatory_name=terms.signatory_name,
        signatory_title=terms.signatory_title,
        signed_on=terms.signed_on,
        valid_from=terms.valid_from,
        valid_until=terms.valid_until,
        terms=terms.terms,
        pdf_stored_name=stored_name,
        pdf_original_name=signed_pdf.original_name,
        pdf_size_bytes=len(signed_pdf.data),
        recorded_by_id=by.id,
    )
    db.session.add(agreement)
    db.session.flush()
    return agreement


def end_agreement(agreement: Agreement, ended_on: date, reason: str, by: User) -> None:
    if agreement.ended_on is not None:
        raise AgreementAlreadyEnded()
    if ended_on < agreement.signed_on:
        raise EndBeforeStart()
    agreement.ended_on = ended_on
    agreement.end_reason = reason
    agreement.ended_by_id = by.id
    db.session.flush()


def active_agreements_count(today: date | None = None) -> int:
    """Agreements in force today (as Agreement.is_active says of one)."""
    today = today or seoul_today()
    query = select(func.count(Agreement.id)).where(
        Agreement.valid_from <= today,
        or_(Agreement.valid_until.is_(None), Agreement.valid_until >= today),
        or_(Agreement.ended_on.is_(None), Agreement.ended_on > today),
    )
    return db.session.scalar(query) or 0


def associations() -> list[Association]:
    return list(db.session.scalars(select(Association).order_by(Association.name)))


# --- storage -----------------------------------------------------------------------------------


def agreements_folder() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"]) / "didimdol_agreements"


def agreement_files() -> FileChanges:
    return FileChanges(_remove_stored_file)


def stored_path(agreement: Agreement) -> Path:
    return agreements_folder() / agreement.pdf_stored_name


def _remove_stored_file(stored_name: str | None) -> None:
    if not stored_name or "/" in stored_name or "\\" in stored_name or stored_name[0] == ".":
        return
    (agreements_folder() / stored_name).unlink(missing_ok=True)
