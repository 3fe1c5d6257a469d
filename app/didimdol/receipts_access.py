"""How the access log names what the receipts' pages show: a donation document (its PDF
carries the donor's registration number, or a sole trader's own name) and a donee's year of
documents (the list and its CSV). A donor is a business, not a person with an account, so
the rows name no person_id."""

from __future__ import annotations

DOCUMENT_KIND = "didimdol_donation_document"
YEAR_KIND = "didimdol_receipts_year"  # subject_id: the year
