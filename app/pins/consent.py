"""A need posted for someone else: recording that person's consent with the need.

Called by the pin services inside their flush; never commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app.clock import utcnow
from app.pins.models import ConsentChannel, ConsentRelationship, NeedConsent, Pin


@dataclass(frozen=True)
class ConsentDetails:
    """What the author says of the consent of the person they post for."""

    relation: ConsentRelationship
    channel: ConsentChannel
    given_on: date
    relation_other: str = ""  # said in words when `relation` is OTHER

    def differs_from(self, consent: NeedConsent) -> bool:
        return (self.relation, self.relation_other, self.channel, self.given_on) != (
            consent.relation,
            consent.relation_other,
            consent.channel,
            consent.given_on,
        )


def record_consent(pin: Pin, details: ConsentDetails | None, now: datetime | None = None) -> None:
    """Keep, record, change or drop the pin's consent to match what the author says now.

    A need now posted for the author themselves drops the record: there is no one else whose
    consent it could be. A change keeps the first recording time and notes when it changed."""
    now = now or utcnow()
    if details is None:
        pin.consent = None
        return
    relation_other = details.relation_other.strip() if details.relation == "other" else ""
    details = ConsentDetails(details.relation, details.channel, details.given_on, relation_other)
    if pin.consent is None:
        pin.consent = NeedConsent(
            relation=details.relation,
            relation_other=details.relation_other,
            channel=details.channel,
            given_on=details.given_on,
            recorded_at=now,
        )
    elif details.differs_from(pin.consent):
        pin.consent.relation = details.relation
        pin.consent.relation_other = details.relation_other
        pin.consent.channel = details.channel
        pin.consent.given_on = details.given_on
        pin.consent.changed_at = now
