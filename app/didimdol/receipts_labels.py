"""Translated names of receipts' kinds and states."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.didimdol.receipts_models import DonationDocumentKind, DonationDocumentStatus
from app.labels import register

DOCUMENT_KIND_LABELS = register(
    DonationDocumentKind,
    {
        DonationDocumentKind.RECEIPT: _l("Donation receipt"),
        DonationDocumentKind.CERTIFICATE: _l("Contribution certificate"),
    },
)

DOCUMENT_STATUS_LABELS = register(
    DonationDocumentStatus,
    {DonationDocumentStatus.ISSUED: _l("Issued"), DonationDocumentStatus.VOID: _l("Void")},
)
