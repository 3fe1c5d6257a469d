"""Membership of organisations: requests, decisions, leaving, the representative's role.

Each transition checks the current state and raises a `MembershipError` (with a message for
the person; app.organisations.errors) when it does not apply. Services flush, never commit.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.accounts.models import User
from app.actions import flush_once
from app.clock import utcnow
from app.extensions import db
from app.organisations.errors import (
    AlreadyMember,
    AlreadyRepresentative,
    AlreadyRequested,
    LastRepresentative,
    NotAMember,
    NotApprovedMember,
    NotOpenForMembers,
    NotPending,
)
from app.organisations.models import (
    Membership,
    MembershipStatus,
    Organisation,
    OrganisationStatus,
)
from app.organisations.services import sync_member_role


def find_membership(organisation: Organisation, user: User) -> Membership | None:
    return next((m for m in organisation.memberships if m.user_id == user.id), None)


def request_membership(organisation: Organisation, user: User, message: str | None) -> Membership:
    """Ask to join. Someone declined before may ask again."""
    if organisation.status != OrganisationStatus.VERIFIED:
        raise NotOpenForMembers()
    membership = find_membership(organisation, user)
    if membership is not None and membership.status == MembershipStatus.APPROVED:
        raise AlreadyMember()
    if membership is not None and membership.status == MembershipStatus.PENDING:
        raise AlreadyRequested()
    if membership is None:
        membership = Membership(user=user)
        organisation.memberships.append(membership)
    membership.status = MembershipStatus.PENDING
    membership.is_representative = False
    membership.message = (message or "").strip() or None
    membership.requested_at = utcnow()
    membership.decided_at = None
    membership.decided_by_id = None
    flush_once(AlreadyRequested)  # the same request sent twice at once
    return membership


def leave_organisation(organisation: Organisation, user: User) -> None:
    """Leave, or withdraw a waiting request. The last representative must hand over first."""
    membership = find_membership(organisation, user)
    if membership is None or membership.status == MembershipStatus.DECLINED:
        raise NotAMember()
    if membership.is_representative and len(representatives(organisation)) == 1:
        raise LastRepresentative()
    organisation.memberships.remove(membership)
    db.session.flush()
    sync_member_role(user)


def approve_membership(membership: Membership, decided_by: User) -> None:
    _decide(membership, decided_by, MembershipStatus.APPROVED)
    sync_member_role(membership.user)


def decline_membership(membership: Membership, decided_by: User) -> None:
    _decide(membership, decided_by, MembershipStatus.DECLINED)


def _decide(membership: Membership, decided_by: User, status: MembershipStatus) -> None:
    if membership.status != MembershipStatus.PENDING:
        raise NotPending()
    membership.status = status
    membership.decided_at = utcnow()
    membership.decided_by_id = decided_by.id
    db.session.flush()


def hand_over_representative(membership: Membership) -> None:
    """Make this member the organisation's one representative; the others stay members."""
    if membership.status != MembershipStatus.APPROVED:
        raise NotApprovedMember()
    if membership.is_representative:
        raise AlreadyRepresentative()
    for other in representatives(membership.organisation):
        other.is_representative = False
    membership.is_representative = True
    db.session.flush()


def representatives(organisation: Organisation) -> list[Membership]:
    return [m for m in organisation.members() if m.is_representative]


# --- lists -------------------------------------------------------------------------------------


def memberships_of(user: User) -> list[Membership]:
    return list(
        db.session.scalars(
            select(Membership)
            .where(Membership.user_id == user.id)
            .options(selectinload(Membership.organisation))
            .order_by(Membership.requested_at.desc(), Membership.id)
        )
    )


def requests_to_decide(user: User) -> list[Membership]:
    """Waiting requests in the organisations this user represents, oldest first."""
    represented = (
        select(Membership.organisation_id)
        .where(
            Membership.user_id == user.id,
            Membership.is_representative.is_(True),
            Membership.status == MembershipStatus.APPROVED,
        )
        .scalar_subquery()
    )
    return list(
        db.session.scalars(
            select(Membership)
            .where(
                Membership.organisation_id.in_(represented),
                Membership.status == MembershipStatus.PENDING,
            )
            .options(selectinload(Membership.organisation), selectinload(Membership.user))
            .order_by(Membership.requested_at, Membership.id)
        )
    )
