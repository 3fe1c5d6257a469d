"""Didimdol (디딤돌) vouchers: donor businesses enrol and pledge goods and services; designated
welfare facilities issue vouchers for them to their beneficiaries; the businesses redeem them at
/redeem, and every redemption becomes a donation record in an append-only ledger."""

from app.didimdol import (  # noqa: F401  (registers the views and the consent subject)
    association_views,
    consent_subject,
    counter_views,
    donor_views,
    emailed_slip_views,
    facility_views,
    giveback_views,
    invitation_views,
    leaving_views,
    map_layer,
    oversight_views,
    place_views,
    programme_views,
    public_views,
    receipt_views,
    signboard_views,
)
from app.didimdol.blueprint import blueprint

__all__ = ["blueprint"]
