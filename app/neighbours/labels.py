"""Translated names of the kinds of Sharing Neighbours and of an appointment's states."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.labels import register
from app.neighbours.models import AppointmentState, NeighbourKind

NEIGHBOUR_KIND_LABELS = register(
    NeighbourKind,
    {
        NeighbourKind.SHOPKEEPER: _l("Shopkeeper"),
        NeighbourKind.POSTAL_CARRIER: _l("Postal carrier"),
        NeighbourKind.METER_READER: _l("Meter reader"),
        NeighbourKind.LANDLORD: _l("Landlord"),
        NeighbourKind.COUNCIL_MEMBER: _l("Council member"),
        NeighbourKind.VOLUNTEER: _l("Volunteer"),
        NeighbourKind.OTHER: _l("Other"),
    },
)

APPOINTMENT_STATE_LABELS = register(
    AppointmentState,
    {
        AppointmentState.ACTIVE: _l("Active"),
        AppointmentState.NOT_YET: _l("Not yet started"),
        AppointmentState.EXPIRED: _l("Term ended"),
        AppointmentState.REVOKED: _l("Revoked"),
    },
)
