"""Translated names of consent purposes, methods and the legal bases of an override."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from app.consents.models import ConsentMethod, ConsentPurpose, LegalBasis
from app.labels import register

CONSENT_PURPOSE_LABELS = register(
    ConsentPurpose,
    {
        ConsentPurpose.COLLECTION_AND_USE: _l("Collection and use of personal information"),
        ConsentPurpose.PROVISION_TO_ORGANISATION: _l("Provision to a named organisation"),
        ConsentPurpose.SENSITIVE_DATA: _l("Sensitive information (such as health)"),
        ConsentPurpose.PUBLICATION: _l("Publication"),
        ConsentPurpose.VOLUNTEERING_RECORD: _l("Recording volunteering (Didimdol give-back)"),
    },
)

CONSENT_METHOD_LABELS = register(
    ConsentMethod,
    {
        ConsentMethod.SIGNED_PAPER: _l("Signed on paper"),
        ConsentMethod.VERBAL_WITNESSED: _l("Said aloud, with a witness"),
        ConsentMethod.ONLINE: _l("Online"),
        ConsentMethod.BY_GUARDIAN: _l("By a legal guardian (person under 14)"),
        ConsentMethod.OTHER: lazy_pgettext("consent method", "Another way"),
    },
)

LEGAL_BASIS_LABELS = register(
    LegalBasis,
    {
        LegalBasis.ART_15_1_2: _l("PIPA art. 15(1)2: a law requires it"),
        LegalBasis.ART_15_1_3: _l("PIPA art. 15(1)3: a public body's duties under a law"),
        LegalBasis.ART_15_1_5: _l("PIPA art. 15(1)5: to protect life, body or property urgently"),
        LegalBasis.ART_17_1_2: _l("PIPA art. 17(1)2: provision within the purposes of art. 15"),
        LegalBasis.ART_18_2: _l("PIPA art. 18(2): use or provision beyond the purpose"),
    },
)
