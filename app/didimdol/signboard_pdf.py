"""A signboard as an A4 landscape PDF, to print and frame: the programme's name, the number,
the business's name and a QR code to its live public page."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from app.didimdol.pdfs import FONT, new_pdf, qr_png
from app.didimdol.receipts_models import Signboard
from app.sharing import absolute_url


def public_url(signboard: Signboard) -> str:
    """From SITE_URL: the board hangs in a shop for years, whatever address printed it."""
    return absolute_url(url_for("didimdol.signboard_page", number=signboard.number))


def board_text(number: int) -> str:
    # The programme's own words, in Korean in every language: it is a Seoul city emblem.
    return f"디딤돌 나눔가게 제 {number}호"


def signboard_pdf(signboard: Signboard) -> bytes:
    pdf = new_pdf("landscape", title=board_text(signboard.number))
    pdf.set_font(FONT, size=20)
    pdf.cell(0, 16, _("A donor for the Didimdol Project"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=44)
    pdf.cell(0, 30, board_text(signboard.number), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=26)
    pdf.cell(
        0, 18, signboard.enrolment.organisation.name_ko, align="C", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.ln(6)
    url = public_url(signboard)
    pdf.image(qr_png(url), x=(pdf.w - 50) / 2, w=50)
    pdf.set_font(FONT, size=10)
    pdf.cell(
        0, 8, _("Scan to check that this donor is active"), align="C", new_x="LMARGIN", new_y="NEXT"
    )
    return bytes(pdf.output())
