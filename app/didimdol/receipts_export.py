"""The donee's annual list of issued receipts and certificates, void ones included (a gapless
series shows its voids). It holds donors' registration numbers: only the issuers download it,
and like every staff file it opens in Excel as it is and is never cached (app.csv_files)."""

from __future__ import annotations

from flask_babel import gettext as _

from app.clock import seoul_day
from app.csv_files import to_csv
from app.didimdol.business_numbers import formatted
from app.didimdol.receipts import documents_of_year
from app.labels import label


def receipts_csv(year: int) -> str:
    header = [
        _("Number"),
        _("Kind"),
        _("Issued on"),
        _("Donor"),
        _("Business registration number"),
        _("Amount (won)"),
        _("Status"),
        _("Why void"),
    ]
    rows = [
        [
            document.number,
            str(label(document.kind)),
            seoul_day(document.issued_at).isoformat(),
            document.donor_name,
            formatted(document.business_number) if document.business_number else "",
            document.amount,
            str(label(document.status)),
            document.void_reason,
        ]
        for document in documents_of_year(year)
    ]
    return to_csv(header, rows)
