"""The text of a PDF as pypdf extracts it."""

from __future__ import annotations

import io

from pypdf import PdfReader


def pdf_text(pdf: bytes) -> str:
    # pypdf reads fpdf2's ToUnicode map of a CID font as UTF-16 code units, each glyph
    # preceded by a NUL: dropped, the text reads as printed.
    pages = PdfReader(io.BytesIO(pdf)).pages
    return "\n".join(page.extract_text() for page in pages).replace("\x00", "")
