"""Invitations of an association's member businesses, sent in bulk from a CSV list.

Each invitation's link works like a registration link (app.accounts.links): a random key
signed for this purpose only, whose hash finds the invitation; the key itself is only ever in
the email. Resending gives a new key (the old link stops working) and a new expiry; revoking
or accepting closes the invitation for good. The email and phone are sealed at rest, and the
association's duplicate check goes through the email's blind index.

Services flush, never commit; the emails leave once the view's commit holds.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from app.accounts import links
from app.accounts.models import User
from app.actions import flush_once
from app.clock import seoul_today, utcnow
from app.didimdol.association_errors import (
    InvitationClosed,
    InvitationNotValid,
    ListAlreadySent,
    NoActiveAgreement,
)
from app.didimdol.association_models import (
    Association,
    Invitation,
    InvitationList,
    InvitationState,
)
from app.didimdol.enrolment import request_enrolment
from app.didimdol.invitation_csv import MemberLine
from app.didimdol.invitation_emails import invitation_email
from app.didimdol.models import DonorEnrolment
from app.extensions import db
from app.organisations.models import Organisation
from app.vault import blind_index

# Signatures for this purpose only: no other token of the site can pass for an invitation.
LINK_SALT = "hopemap.didimdol.invitation-link"


def invitation_lifetime() -> timedelta:
    return timedelta(days=int(current_app.config["DIDIMDOL_INVITATION_DAYS"]))


def invite_members(
    association: Association,
    members: list[MemberLine],
    digest: str,
    by: User,
    now: datetime | None = None,
) -> InvitationList:
    """One invitation per new email; an email the association already invited is skipped and
    counted. The same file sent again is refused as a whole."""
    now = now or utcnow()
    if association.active_agreement(seoul_today(now)) is None:
        raise NoActiveAgreement()
    taken = select(InvitationList.id).where(
        InvitationList.association_id == association.id, InvitationList.file_digest == digest
    )
    if db.session.scalar(taken) is not None:
        raise ListAlreadySent()
    invitation_list = InvitationList(association_id=association.id, file_digest=digest)
    invitation_list.sent_by_id = by.id
    db.session.add(invitation_list)
    flush_once(ListAlreadySent)
    known = set(
        db.session.scalars(
            select(Invitation.email_index).where(Invitation.association_id == association.id)
        )
    )
    invited = skipped = 0
    for member in members:
        index = blind_index("email", member.email)
        if index is None or index in known:
            skipped += 1
            continue
        known.add(index)
        invitation = Invitation(
            association=association,
            list_id=invitation_list.id,
            business_name=member.business_name,
            email=member.email.strip(),
            email_index=index,
            phone=member.phone,
            area=member.area,
            key_hash="",
            expires_at=now,
        )
        db.session.add(invitation)
        _send_new_link(invitation, now, flush=False)  # one flush for the list, below
        invited += 1
    invitation_list.invited = invited
    invitation_list.skipped = skipped
    db.session.flush()
    return invitation_list


def revoke(invitation: Invitation, now: datetime | None = None) -> None:
    now = now or utcnow()
    if invitation.state(now) in (InvitationState.ENROLLED, InvitationState.REVOKED):
        raise InvitationClosed()
    invitation.revoked_at = now
    db.session.flush()


def resend(invitation: Invitation, now: datetime | None = None) -> None:
    """A new link and a new expiry; the link sent before stops working."""
    now = now or utcnow()
    if invitation.state(now) in (InvitationState.ENROLLED, InvitationState.REVOKED):
        raise InvitationClosed()
    if invitation.association.active_agreement(seoul_today(now)) is None:
        raise NoActiveAgreement()
    invitation.opened_at = None
    _send_new_link(invitation, now)


def open_invitation(token: str, *, lock: bool = False, now: datetime | None = None):
    """The invitation a link stands for, while it is good: signed by us, not expired, not
    replaced, revoked or used. Anything else is None, never an error."""
    now = now or utcnow()
    key_hash = links.key_hash_of(token, LINK_SALT, invitation_lifetime())
    if key_hash is None:
        return None
    query = select(Invitation).where(Invitation.key_hash == key_hash)
    if lock:  # PostgreSQL: a second click at the same moment waits, then finds it used
        query = query.with_for_update()
    invitation = db.session.scalar(query)
    if invitation is None or invitation.state(now) not in (
        InvitationState.SENT,
        InvitationState.OPENED,
    ):
        return None
    return invitation


def mark_opened(invitation: Invitation, now: datetime | None = None) -> None:
    if invitation.opened_at is None:
        invitation.opened_at = now or utcnow()
        db.session.flush()


def accept(token: str, organisation: Organisation, business_number: str, by: User):
    """Enrol `organisation` through the invitation's association; the programme officer still
    approves. The link is used up."""
    invitation = open_invitation(token, lock=True)
    if invitation is None:
        raise InvitationNotValid()
    enrolment: DonorEnrolment = request_enrolment(organisation, business_number, by)
    invitation.enrolment_id = enrolment.id
    mark_opened(invitation)
    db.session.flush()
    return enrolment


def association_of(enrolment: DonorEnrolment) -> Association | None:
    """The association a donor enrolled through, if it came by an invitation."""
    return db.session.scalar(
        select(Association)
        .join(Invitation, Invitation.association_id == Association.id)
        .where(Invitation.enrolment_id == enrolment.id)
    )


def _send_new_link(invitation: Invitation, now: datetime, *, flush: bool = True) -> None:
    key, invitation.key_hash = links.new_key()
    invitation.sent_at = now
    invitation.expires_at = now + invitation_lifetime()
    if flush:
        db.session.flush()
    invitation_email(invitation, links.sign(key, LINK_SALT))
