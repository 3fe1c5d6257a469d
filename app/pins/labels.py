"""Translated names of pin kinds and states ("need" and "offer" are nouns; "open" a state)."""

from __future__ import annotations

from flask_babel import lazy_pgettext

from app.labels import register
from app.pins.models import ConsentChannel, ConsentRelationship, PinKind, PinStatus

PIN_KIND_LABELS = register(
    PinKind,
    {
        PinKind.NEED: lazy_pgettext("pin kind", "Need"),
        PinKind.OFFER: lazy_pgettext("pin kind", "Offer"),
    },
)

PIN_STATUS_LABELS = register(
    PinStatus,
    {
        PinStatus.OPEN: lazy_pgettext("pin status", "Open"),
        PinStatus.MATCHED: lazy_pgettext("pin status", "Matched"),
        PinStatus.FULFILLED: lazy_pgettext("pin status", "Fulfilled"),
        PinStatus.WITHDRAWN: lazy_pgettext("pin status", "Withdrawn"),
        PinStatus.EXPIRED: lazy_pgettext("pin status", "Expired"),
    },
)

CONSENT_RELATIONSHIP_LABELS = register(
    ConsentRelationship,
    {
        ConsentRelationship.FAMILY: lazy_pgettext("relationship", "Family"),
        ConsentRelationship.NEIGHBOUR: lazy_pgettext("relationship", "Neighbour"),
        ConsentRelationship.FRIEND: lazy_pgettext("relationship", "Friend"),
        ConsentRelationship.CARER: lazy_pgettext("relationship", "Volunteer or carer"),
        ConsentRelationship.OTHER: lazy_pgettext("relationship", "Other"),
    },
)

CONSENT_CHANNEL_LABELS = register(
    ConsentChannel,
    {
        ConsentChannel.IN_PERSON: lazy_pgettext("consent given", "In person"),
        ConsentChannel.PHONE: lazy_pgettext("consent given", "By phone"),
        ConsentChannel.WRITING: lazy_pgettext("consent given", "In writing"),
        ConsentChannel.OTHER: lazy_pgettext("consent given", "Another way"),
    },
)
