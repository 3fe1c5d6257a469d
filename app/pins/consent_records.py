"""A need's consents as app.consents records: the neighbour's consent to the collection and
use of what the author writes about them, and the author's agreement that everyone may read
the need's words (publication). `need_consents` keeps the neighbour's details as the author
gave them (relationship, how); these rows make them dated, withdrawable and checkable like
every later welfare record's.

Withdrawing hides what depended on the consent: without publication the need's words are
withheld again; without the neighbour's consent to collection the need is withdrawn (its
matches end), since nothing about them may be kept on show.
"""

from __future__ import annotations

from typing import Any

from flask import url_for
from sqlalchemy import or_, select

from app.accounts.models import User
from app.clock import seoul_today
from app.consents.models import ConsentMethod, ConsentPurpose, ConsentRecord
from app.consents.services import has_consent, record_consent, valid_consents, withdraw
from app.consents.subjects import Subject, SubjectKind, register_subject
from app.extensions import db
from app.pins.consent import ConsentDetails
from app.pins.extension_points import pin_withdrawn
from app.pins.models import ACTIVE_STATUSES, ConsentChannel, Pin, PinKind, PinStatus

NEED = "need"
# The words of the need form that the author and the neighbour agreed to; a new wording of the
# form's consent questions gets a new version, so each record says which one it was.
NEED_FORM_NOTICE = "need-form-2026-12"

# The author heard the neighbour agree: in person or by phone the author is the witness.
_METHODS = {
    ConsentChannel.IN_PERSON: ConsentMethod.VERBAL_WITNESSED,
    ConsentChannel.PHONE: ConsentMethod.VERBAL_WITNESSED,
    ConsentChannel.WRITING: ConsentMethod.SIGNED_PAPER,
    ConsentChannel.OTHER: ConsentMethod.OTHER,
}


def need_subject(pin: Pin) -> Subject:
    return Subject(NEED, pin.id)


def record_need_consents(pin: Pin, author: User, neighbour: ConsentDetails | None) -> None:
    """Bring the need's consent records in line with what the author says now (after a create
    or an edit, inside its flush): a new row when a consent is new or newly dated, the old one
    ended without hiding anything (the need itself says what holds)."""
    if pin.kind != PinKind.NEED:
        return
    subject = need_subject(pin)
    collection = valid_consents(subject, ConsentPurpose.COLLECTION_AND_USE)
    same_day = neighbour is not None and any(
        c.given_on == neighbour.given_on and c.obtained_by_id == author.id for c in collection
    )
    if not same_day:
        for consent in collection:
            if consent.obtained_by_id == author.id:  # staff's own records stay as they are
                withdraw(consent, author, hide_dependents=False)
        if neighbour is not None:
            record_consent(
                subject,
                ConsentPurpose.COLLECTION_AND_USE,
                method=_METHODS[neighbour.channel],
                given_on=neighbour.given_on,
                obtained_by=author,
                notice_version=NEED_FORM_NOTICE,
            )
    publication = valid_consents(subject, ConsentPurpose.PUBLICATION)
    if pin.text_shared and not publication:
        record_consent(
            subject,
            ConsentPurpose.PUBLICATION,
            method=ConsentMethod.ONLINE,
            given_on=seoul_today(),
            obtained_by=author,
            person=author,
            notice_version=NEED_FORM_NOTICE,
        )
    elif not pin.text_shared:
        for consent in publication:
            withdraw(consent, author, hide_dependents=False)


def consents_of_author(person: User) -> list[ConsentRecord]:
    """Consents the person gave, and those recorded on their needs (a neighbour's, and their
    own agreement to publish a need's words): theirs to download, and to end with the account."""
    own_needs = select(Pin.id).where(Pin.author_id == person.id)
    return list(
        db.session.scalars(
            select(ConsentRecord)
            .where(
                or_(
                    ConsentRecord.person_id == person.id,
                    (ConsentRecord.subject_kind == NEED) & ConsentRecord.subject_id.in_(own_needs),
                )
            )
            .order_by(ConsentRecord.id)
        )
    )


def _withdrawn(pin: Pin, consent: ConsentRecord) -> None:
    subject = need_subject(pin)
    if consent.purpose == ConsentPurpose.PUBLICATION:
        if not has_consent(subject, ConsentPurpose.PUBLICATION):
            pin.text_shared = False
            db.session.flush()
        return
    # Only a need posted for someone else rests on their consent; the author's own need rests
    # on the author's account and is withdrawn by them in the usual way.
    rests_on_it = consent.purpose == ConsentPurpose.COLLECTION_AND_USE and pin.consent is not None
    if (
        rests_on_it
        and pin.status in ACTIVE_STATUSES
        and not has_consent(subject, ConsentPurpose.COLLECTION_AND_USE)
    ):
        # As app.pins.services.withdraw_pin, which imports this module.
        pin.status = PinStatus.WITHDRAWN
        pin_withdrawn(pin)
        db.session.flush()


def _load(pin_id: int) -> Pin | None:
    pin = db.session.get(Pin, pin_id)
    return pin if pin is not None and pin.kind == PinKind.NEED else None


def _speaks_for(viewer: Any, pin: Pin) -> bool:
    return getattr(viewer, "is_authenticated", False) and viewer.id == pin.author_id


register_subject(
    NEED,
    SubjectKind(
        load=_load,
        areas=lambda pin: (pin.dong, pin.gu),
        page=lambda pin: url_for("pins.show", pin_id=pin.id),
        speaks_for=_speaks_for,
        withdrawn=_withdrawn,
    ),
)
