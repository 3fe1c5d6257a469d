"""The PDF check's open actions: which page to show first is harmless and common (fpdf2
writes it into every file); any other action on opening is refused."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from app.pdf_uploads import holds_active_content


def _with_open_action(action) -> PdfReader:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.root_object[NameObject("/OpenAction")] = action
    out = io.BytesIO()
    writer.write(out)
    return PdfReader(io.BytesIO(out.getvalue()))


def _go_to_first_page() -> DictionaryObject:
    action = DictionaryObject()
    action[NameObject("/S")] = NameObject("/GoTo")
    action[NameObject("/D")] = ArrayObject([NameObject("/Fit")])
    return action


def _open_a_link() -> DictionaryObject:
    action = DictionaryObject()
    action[NameObject("/S")] = NameObject("/URI")
    action[NameObject("/URI")] = TextStringObject("https://example.com/track")
    return action


def test_a_pdf_made_by_fpdf2_passes():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    reader = PdfReader(io.BytesIO(bytes(pdf.output())))
    assert "/OpenAction" in reader.trailer["/Root"]  # what made it fail before
    assert not holds_active_content(reader)


@pytest.mark.parametrize(
    ("make_action", "active"),
    [
        pytest.param(lambda: ArrayObject([NameObject("/Fit")]), False, id="destination"),
        pytest.param(_go_to_first_page, False, id="go-to"),
        pytest.param(_open_a_link, True, id="link on opening"),
    ],
)
def test_open_actions(make_action, active):
    assert holds_active_content(_with_open_action(make_action())) is active
