"""Translated names of associations' kinds and invitations' states."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from app.didimdol.association_models import AssociationKind, InvitationState
from app.labels import register

ASSOCIATION_KIND_LABELS = register(
    AssociationKind,
    {
        AssociationKind.MEDICAL: _l("Medical association"),
        AssociationKind.DENTAL: _l("Dental association"),
        AssociationKind.PHARMACISTS: _l("Pharmacists' association"),
        AssociationKind.RESTAURANTS: _l("Restaurant association"),
        AssociationKind.BARBERS: _l("Barbers' association"),
        AssociationKind.COSMETOLOGISTS: _l("Cosmetologists' association"),
        AssociationKind.BAKERIES: _l("Bakers' association"),
        AssociationKind.OTHER: lazy_pgettext("association", "Other"),
    },
)

INVITATION_STATE_LABELS = register(
    InvitationState,
    {
        InvitationState.SENT: lazy_pgettext("invitation", "Sent"),
        InvitationState.OPENED: lazy_pgettext("invitation", "Opened"),
        InvitationState.ENROLLED: lazy_pgettext("invitation", "Enrolled"),
        InvitationState.EXPIRED: lazy_pgettext("invitation", "Expired"),
        InvitationState.REVOKED: lazy_pgettext("invitation", "Revoked"),
    },
)
