"""Associations for the tests: a barbers' association with an agreement in force (its signed
PDF written to the test's upload folder), and PDFs good and bad."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfWriter

from app.actions import FileChanges
from app.didimdol.agreements import AgreementTerms, record_agreement, record_association
from app.didimdol.association_models import Agreement, Association, AssociationKind
from app.pdf_uploads import CheckedPdf


def pdf_bytes(script: str | None = None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if script:
        writer.add_js(script)  # run by a viewer when the document opens
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_association(officer, valid_until: date | None = None) -> tuple[Association, Agreement]:
    association = record_association("서울이용사회 Barbers", AssociationKind.BARBERS, officer)
    agreement = record_agreement(
        association,
        AgreementTerms(
            signatory_name="Kim Signatory",
            signatory_title="Chair",
            signed_on=date(2025, 12, 1),
            valid_from=date(2026, 1, 1),
            valid_until=valid_until,
            terms="Members give one haircut a month.",
        ),
        CheckedPdf(pdf_bytes(), "협약서.pdf"),
        officer,
        FileChanges(lambda name: None),
    )
    return association, agreement
