"""A receipt or certificate as an A4 PDF: the donee, the donor (name and registration number:
the document is the donor's own), the year, the amount in won, the number, and a QR code to
the public check. Nothing about who received the goods or services."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from app.clock import seoul_day
from app.didimdol.business_numbers import formatted
from app.didimdol.pdfs import FONT, new_pdf, qr_png
from app.didimdol.receipts_models import (
    DonationDocument,
    DonationDocumentKind,
    DonationDocumentStatus,
)
from app.sharing import absolute_url

# The forms' legal names stay in Korean in every language: the tax office reads them so.
TITLES = {
    DonationDocumentKind.RECEIPT: "기부금영수증",
    DonationDocumentKind.CERTIFICATE: "기부 확인서",
}
NOT_DEDUCTIBLE = "이 확인서는 용역(서비스) 기부를 확인할 뿐이며 세액공제용 기부금영수증이 아닙니다."


def verification_url(document: DonationDocument) -> str:
    """From SITE_URL: a printed receipt must open the public site wherever it was printed."""
    return absolute_url(url_for("didimdol.verify_document", token=document.token))


def document_pdf(document: DonationDocument) -> bytes:
    title = TITLES[document.kind]
    pdf = new_pdf(title=title)
    pdf.set_font(FONT, size=22)
    pdf.cell(0, 14, title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=11)
    pdf.cell(0, 8, _("No. %(number)s", number=document.number), new_x="LMARGIN", new_y="NEXT")
    if document.status == DonationDocumentStatus.VOID:
        pdf.set_font(FONT, size=16)
        pdf.cell(
            0, 10, _("VOID: %(reason)s", reason=document.void_reason), new_x="LMARGIN", new_y="NEXT"
        )
        pdf.set_font(FONT, size=11)
    pdf.ln(4)
    rows = [
        (_("Donor"), document.donor_name),
        (_("Business registration number"), formatted(document.business_number)),
        (_("Donee"), document.donee.name_ko),
        (_("Year of the donations"), str(document.year)),
        (_("Amount (won)"), f"{document.amount:,}"),
        (_("Issued on"), str(seoul_day(document.issued_at))),
    ]
    for heading, value in rows:
        pdf.cell(60, 10, heading, border=1)
        pdf.cell(0, 10, value, border=1, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    if document.kind == DonationDocumentKind.CERTIFICATE:
        pdf.multi_cell(0, 7, NOT_DEDUCTIBLE, new_x="LMARGIN", new_y="NEXT")
        pdf.multi_cell(
            0, 7, _("Services given are not tax-deductible."), new_x="LMARGIN", new_y="NEXT"
        )
        pdf.ln(4)
    url = verification_url(document)
    pdf.image(qr_png(url), w=35)
    pdf.set_font(FONT, size=9)
    pdf.multi_cell(
        0, 5, _("Check this document at %(url)s", url=url), new_x="LMARGIN", new_y="NEXT"
    )
    return bytes(pdf.output())
