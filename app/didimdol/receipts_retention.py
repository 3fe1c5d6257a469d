"""Retention of receipts (app.retention): a receipt is the donor's tax evidence, kept
DIDIMDOL_RECEIPT_KEPT_YEARS years after it was issued (five by default, as the tax law keeps
the books it supports). Then the donor's name and registration number go (a sole trader's
number names a person); the number, year, amount and status stay, so the series stays gapless
and the totals hold."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l

from app.didimdol.receipts_models import DonationDocument
from app.retention import EraseFields, retention_rule


def _kept_years(config: Mapping[str, Any]) -> str:
    return f"P{int(config['DIDIMDOL_RECEIPT_KEPT_YEARS'])}Y"


def _issued_before(cutoff: datetime):
    return DonationDocument.issued_at < cutoff


retention_rule(
    "didimdol_receipt_donor",
    DonationDocument,
    period=_kept_years,
    due=_issued_before,
    erase=EraseFields({"donor_name": "", "business_number": ""}),
    description=_l("Didimdol: a receipt's donor name and registration number"),
)
