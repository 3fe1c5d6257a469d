"""What Didimdol's printed documents share: an fpdf2 page with the Korean font of PDF_FONT_PATH
(as app.visits.round_pdf loads it) and a verification QR code drawn by segno, so no outside
service sees the address and the page prints without a network."""

from __future__ import annotations

import io

import segno
from flask import current_app
from fpdf import FPDF

FONT = "NotoSansCJK"


def new_pdf(orientation: str = "portrait", title: str = "") -> FPDF:
    pdf = FPDF(orientation=orientation, format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font(FONT, fname=current_app.config["PDF_FONT_PATH"])
    pdf.set_title(title)
    pdf.add_page()
    return pdf


def qr_png(url: str) -> io.BytesIO:
    # Level M survives a folded receipt or a sunlit shop window.
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=10, border=2)
    buffer.seek(0)
    return buffer
