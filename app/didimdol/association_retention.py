"""Retention of invitations (app.retention): an invitation nobody accepted is erased, sealed
email and phone with it, DIDIMDOL_INVITATION_KEPT_MONTHS months (six by default) after its link
expired or it was revoked: long enough to answer "did you invite us?" over a season, short
enough that a list of people's addresses does not linger. An accepted invitation stays: it is
what says a donor came through its association. The lists' counts stay either way."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_

from app.didimdol.association_models import Invitation
from app.retention import DeleteRows, retention_rule


def _kept_months(config: Mapping[str, Any]) -> str:
    return f"P{int(config['DIDIMDOL_INVITATION_KEPT_MONTHS'])}M"


def _not_accepted_and_closed_before(cutoff: datetime):
    return and_(
        Invitation.enrolment_id.is_(None),
        or_(Invitation.expires_at < cutoff, Invitation.revoked_at < cutoff),
    )


retention_rule(
    "didimdol_invitations_not_accepted",
    Invitation,
    period=_kept_months,
    due=_not_accepted_and_closed_before,
    erase=DeleteRows(),
    description=_l("Didimdol: invitations to member businesses that nobody accepted"),
)
