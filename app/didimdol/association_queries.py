"""Read-only queries of the associations' pages."""

from __future__ import annotations

from sqlalchemy import select

from app.didimdol.association_models import Association, Invitation, InvitationList
from app.extensions import db


def invitations_of(association: Association) -> list[Invitation]:
    return list(
        db.session.scalars(
            select(Invitation)
            .where(Invitation.association_id == association.id)
            .order_by(Invitation.id.desc())
        )
    )


def lists_of(association: Association) -> list[InvitationList]:
    return list(
        db.session.scalars(
            select(InvitationList)
            .where(InvitationList.association_id == association.id)
            .order_by(InvitationList.id.desc())
        )
    )


def masked_email(email: str) -> str:
    """Enough for an officer to tell invitations apart, not the whole address: the page is not
    a record of the person, and showing the address whole would make each view one to log."""
    local, _, domain = email.partition("@")
    return (local[:1] + "***@" + domain) if domain else "***"
