"""A round of visits as an A4 PDF (fpdf2, with the Korean font of PDF_FONT_PATH): for each
stop its order, the address and the person's name where known, what was seen, the report
number, and boxes to tick the outcome by hand."""

from __future__ import annotations

from datetime import date

from flask import current_app
from flask_babel import gettext as _
from fpdf import FPDF

from app.areas.models import Area
from app.labels import label
from app.visits.models import Visit, VisitOutcome

FONT = "NotoSansCJK"


def _stop_lines(visit: Visit) -> list[str]:
    lines = []
    if visit.household is not None:
        lines.append(visit.household.address_text)
        if visit.household.name:
            lines.append(_("Name: %(name)s", name=visit.household.name))
        if visit.household.notes:
            lines.append(visit.household.notes)
    elif visit.report is not None:
        lines.append(_("Report %(number)s", number=visit.report.id))
        if visit.report.person_name:
            lines.append(_("Name: %(name)s", name=visit.report.person_name))
        lines.append(_("What was seen: %(words)s", words=visit.report.what_was_seen))
    lines.append(label(visit.kind))
    return lines


# Each text block below ends at the left margin of the next line: fpdf2 would stay to its
# right, leaving the next block no width at all.


def round_pdf(dong: Area, day: date, stops: list[Visit]) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font(FONT, fname=current_app.config["PDF_FONT_PATH"])
    pdf.set_title(_("Round of visits"))
    pdf.add_page()
    pdf.set_font(FONT, size=15)
    pdf.multi_cell(
        0,
        8,
        _("Round of visits: %(dong)s, %(day)s", dong=dong.name, day=day),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)
    for number, visit in enumerate(stops, start=1):
        pdf.set_font(FONT, size=12)
        pdf.multi_cell(0, 7, f"{number}.", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, size=10)
        for line in _stop_lines(visit):
            pdf.multi_cell(0, 5.5, line, new_x="LMARGIN", new_y="NEXT")
        for outcome in VisitOutcome:
            pdf.cell(4, 4, "", border=1)
            pdf.cell(44, 5, " " + str(label(outcome)))
            if pdf.get_x() > 150:
                pdf.ln(6)
        pdf.ln(9)
    return bytes(pdf.output())
