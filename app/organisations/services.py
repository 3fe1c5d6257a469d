"""The organisation registry: create, edit, verify, reject, and the lists that show it.

Services flush, never commit. A refused transition raises an `OrganisationError`
(app.organisations.errors) that the view shows as it is.
"""

from __future__ import annotations

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from app.accounts.models import Role, User
from app.areas.models import Area
from app.clock import utcnow
from app.extensions import db
from app.organisations.errors import AlreadyRejected, AlreadyVerified
from app.organisations.models import (
    Membership,
    MembershipStatus,
    Organisation,
    OrganisationStatus,
    OrganisationType,
)
from app.organisations.queries import belongs_to_a_verified_organisation

PER_PAGE = 20

# The fields a creator or representative fills in; status and people are set by the services.
DETAIL_FIELDS = (
    "name_ko",
    "name_en",
    "type",
    "area_id",
    "contact_email",
    "contact_phone",
    "website",
    "description",
)


# --- the registry ------------------------------------------------------------------------------


def create_organisation(creator: User, **details) -> Organisation:
    """A new organisation waits for an administrator; its creator is its representative."""
    organisation = Organisation(status=OrganisationStatus.PENDING, created_by=creator)
    _set_details(organisation, details)
    organisation.memberships.append(
        Membership(
            user=creator,
            status=MembershipStatus.APPROVED,
            is_representative=True,
            decided_at=utcnow(),
            decided_by_id=creator.id,
        )
    )
    db.session.add(organisation)
    db.session.flush()
    return organisation


def update_organisation(organisation: Organisation, editor: User, **details) -> bool:
    """Save the details. A turned-down organisation that its representative corrects goes
    back to the verification queue; returns True when that happened."""
    _set_details(organisation, details)
    resubmitted = organisation.status == OrganisationStatus.REJECTED and editor.role != Role.ADMIN
    if resubmitted:
        organisation.status = OrganisationStatus.PENDING
        organisation.rejection_reason = None
    db.session.flush()
    return resubmitted


def _set_details(organisation: Organisation, details: dict) -> None:
    unknown = set(details) - set(DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"not organisation details: {sorted(unknown)}")
    for name, value in details.items():
        if isinstance(value, str):
            value = value.strip() or None
        setattr(organisation, name, value)


def verify_organisation(organisation: Organisation, admin: User) -> None:
    if organisation.status == OrganisationStatus.VERIFIED:
        raise AlreadyVerified()
    organisation.status = OrganisationStatus.VERIFIED
    organisation.reviewed_by = admin
    organisation.reviewed_at = utcnow()
    organisation.rejection_reason = None
    db.session.flush()
    _sync_roles_of_members(organisation)


def reject_organisation(organisation: Organisation, admin: User, reason: str) -> None:
    """Turn down a request (or withdraw a verification), with a reason the creator reads."""
    if organisation.status == OrganisationStatus.REJECTED:
        raise AlreadyRejected()
    organisation.status = OrganisationStatus.REJECTED
    organisation.rejection_reason = reason.strip()
    organisation.reviewed_by = admin
    organisation.reviewed_at = utcnow()
    db.session.flush()
    _sync_roles_of_members(organisation)


def _sync_roles_of_members(organisation: Organisation) -> None:
    for membership in organisation.members():
        sync_member_role(membership.user)


def sync_member_role(user: User) -> None:
    """A resident who belongs to a verified organisation is an organisation member, and goes
    back to resident when that ends. Moderators, staff and administrators keep their role."""
    belongs = belongs_to_a_verified_organisation(user)
    if belongs and user.role == Role.RESIDENT:
        user.role = Role.ORG_MEMBER
    elif not belongs and user.role == Role.ORG_MEMBER:
        user.role = Role.RESIDENT
    db.session.flush()


# --- lists -------------------------------------------------------------------------------------


def _with_area():
    return selectinload(Organisation.area).load_only(Area.id, Area.name_ko, Area.name_en)


def list_verified(
    page: int, type_: OrganisationType | None = None, search: str | None = None
) -> Pagination:
    query = select(Organisation).where(Organisation.status == OrganisationStatus.VERIFIED)
    if type_ is not None:
        query = query.where(Organisation.type == type_)
    if search:
        query = query.where(
            or_(
                Organisation.name_ko.icontains(search, autoescape=True),
                Organisation.name_en.icontains(search, autoescape=True),
            )
        )
    query = query.options(_with_area()).order_by(Organisation.name_ko, Organisation.id)
    return db.paginate(query, page=page, per_page=PER_PAGE)


def list_for_review(page: int, status: OrganisationStatus | None) -> Pagination:
    """The administrators' queue: oldest request first, so none waits forever."""
    query = select(Organisation).options(_with_area(), selectinload(Organisation.created_by))
    if status is not None:
        query = query.where(Organisation.status == status)
    query = query.order_by(Organisation.created_at, Organisation.id)
    return db.paginate(query, page=page, per_page=PER_PAGE)
