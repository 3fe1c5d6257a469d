"""Who may issue, void and see receipts and signboards: the programme officers and the donee's
approved members issue and void receipts and see the annual list (registration numbers
included); a donor's members see their own documents; signboards are the officers' alone."""

from __future__ import annotations

from typing import Any

from flask import current_app

from app.didimdol.models import DonorEnrolment
from app.didimdol.receipts import donee
from app.didimdol.receipts_models import DonationDocument
from app.didimdol.rules import is_programme_officer
from app.organisations.rules import is_member_of
from app.permissions import signed_in


def is_donee_officer(viewer: Any) -> bool:
    issuer = donee()
    return issuer is not None and signed_in(viewer) and is_member_of(viewer, issuer)


def may_issue_documents(viewer: Any) -> bool:
    return is_programme_officer(viewer) or is_donee_officer(viewer)


def may_see_documents_of(viewer: Any, enrolment: DonorEnrolment) -> bool:
    return may_issue_documents(viewer) or is_member_of(viewer, enrolment.organisation)


def may_see_document(viewer: Any, document: DonationDocument) -> bool:
    return may_see_documents_of(viewer, document.enrolment)


def may_void(viewer: Any, document: DonationDocument) -> bool:
    """A donee's officers void their own organisation's documents, not a former donee's."""
    if is_programme_officer(viewer):
        return True
    return is_donee_officer(viewer) and document.donee_id == current_app.config.get(
        "DIDIMDOL_DONEE_ID"
    )
