"""Partners and their keys; a partner's request becoming a private report. Flush, never
commit."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select

from app.accounts.models import User
from app.actions import flush_once
from app.clock import utcnow
from app.extensions import db
from app.open311.errors import PartnerAlreadyRevoked, RequestAlreadyReceived
from app.open311.models import Open311Partner, Open311Request
from app.reports.models import CrisisType, ReportAbout, ReportChannel, Urgency
from app.reports.services import ReportDetails, receive_report

LONGEST_KEY = 100  # a key we made is 43 characters; anything much longer is not one of ours


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True)
class NewPartner:
    partner: Open311Partner
    key: str  # shown once, never stored


def add_partner(name: str, contact: str, admin: User) -> NewPartner:
    key = secrets.token_urlsafe(32)
    partner = Open311Partner(
        name=name.strip(), contact=contact.strip(), key_hash=key_hash(key), created_by_id=admin.id
    )
    db.session.add(partner)
    db.session.flush()
    return NewPartner(partner, key)


def revoke_partner(partner: Open311Partner) -> None:
    if partner.revoked_at is not None:
        raise PartnerAlreadyRevoked()
    partner.revoked_at = utcnow()
    db.session.flush()


def partner_by_key(key: str | None) -> Open311Partner | None:
    """The active partner holding this key, marked as used now; None for any other key."""
    if not key or len(key) > LONGEST_KEY:
        return None
    partner = db.session.scalar(
        select(Open311Partner).where(Open311Partner.key_hash == key_hash(key))
    )
    if partner is None or partner.revoked_at is not None:
        return None
    partner.last_used_at = utcnow()
    return partner


@dataclass(frozen=True)
class PartnerReport:
    crisis: CrisisType
    about: ReportAbout
    urgency: Urgency
    description: str
    lon: float
    lat: float
    first_name: str = ""
    last_name: str = ""
    phone: str = ""
    partner_request_id: str | None = None


def earlier_request(
    partner: Open311Partner, partner_request_id: str | None
) -> Open311Request | None:
    if partner_request_id is None:
        return None
    return db.session.scalar(
        select(Open311Request).where(
            Open311Request.partner_id == partner.id,
            Open311Request.partner_request_id == partner_request_id,
        )
    )


def receive_partner_report(partner: Open311Partner, sent: PartnerReport) -> Open311Request:
    """The partner's request as a private report (app.reports), or the one it already made.
    A twin sent at the same instant is refused by the (partner, request id) key."""
    earlier = earlier_request(partner, sent.partner_request_id)
    if earlier is not None:
        return earlier
    name = " ".join(part for part in (sent.last_name.strip(), sent.first_name.strip()) if part)
    received = receive_report(
        ReportDetails(
            about=sent.about,
            crisis_types=[sent.crisis],
            urgency=sent.urgency,
            what_was_seen=sent.description,
            lon=sent.lon,
            lat=sent.lat,
            person_name=name,
            person_phone=sent.phone,
            channel=ReportChannel.OPEN311,
        ),
        reporter=None,
    )
    request = Open311Request(
        partner_id=partner.id,
        partner_request_id=sent.partner_request_id,
        report_id=received.report.id,
    )
    db.session.add(request)
    flush_once(RequestAlreadyReceived)
    return request
