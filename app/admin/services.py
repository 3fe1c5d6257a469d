"""Administration of accounts: roles, staff areas, activation, and the dashboard's figures.

Services flush, never commit. A refused change raises an `AdminError` (app.admin.errors)
that the view shows at the field it names, or as a flash.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, or_, select
from sqlalchemy.orm import load_only

from app.accounts.models import Role, StaffAreaChange, User, new_session_token
from app.admin.errors import AreasOnlyForStaff, CannotDeactivateSelf, CannotDemoteSelf
from app.areas.models import Area
from app.categories.models import Category
from app.extensions import db
from app.organisations.models import (
    Membership,
    MembershipStatus,
    Organisation,
    OrganisationStatus,
)
from app.paging import bounded_paginate

USERS_PER_PAGE = 25
STAFF_AREA_LOG_LENGTH = 50

# Staff areas open a need's exact point and author. Administrators hold them like staff: their
# role alone opens nothing (app.permissions.is_staff_for_area).
# Outreach visitors hold the dongs they visit in the same way (app.visits.rules), with no
# staff power over them.
ROLES_WITH_AREAS = frozenset({Role.STAFF, Role.ADMIN, Role.OUTREACH_VISITOR})


def change_role(user: User, role: Role, areas: list[Area], acting_admin: User) -> None:
    """Set the role and the staff areas together, and log each area given or taken away.

    Areas belong to staff and administrators only: they are refused for any other role rather
    than silently kept or dropped."""
    if user.id == acting_admin.id and role != Role.ADMIN:
        raise CannotDemoteSelf()
    if areas and role not in ROLES_WITH_AREAS:
        raise AreasOnlyForStaff()
    _log_area_changes(user, user.staff_areas, areas, acting_admin)
    user.role = role
    user.staff_areas = list(areas)
    db.session.flush()


def _log_area_changes(
    user: User, before: list[Area], after: list[Area], acting_admin: User
) -> None:
    kept_before = {area.id: area for area in before}
    kept_after = {area.id: area for area in after}
    changes = [(area, True) for id_, area in kept_after.items() if id_ not in kept_before]
    changes += [(area, False) for id_, area in kept_before.items() if id_ not in kept_after]
    for area, granted in sorted(changes, key=lambda change: change[0].code):
        db.session.add(
            StaffAreaChange(
                user=user, area=area, area_code=area.code, granted=granted, changed_by=acting_admin
            )
        )


def staff_area_log(user: User) -> list[StaffAreaChange]:
    """The latest grants and removals of the person's staff areas, newest first."""
    statement = (
        select(StaffAreaChange)
        .where(StaffAreaChange.user_id == user.id)
        .order_by(StaffAreaChange.changed_at.desc(), StaffAreaChange.id.desc())
        .limit(STAFF_AREA_LOG_LENGTH)
    )
    return list(db.session.scalars(statement))


def set_account_active(user: User, active: bool, acting_admin: User) -> None:
    if not active and user.id == acting_admin.id:
        raise CannotDeactivateSelf()
    user.is_active_account = active
    if not active:
        # A new session token ends the sessions the person already has open.
        user.session_token = new_session_token()
    db.session.flush()


def areas_with_ids(ids: list[int]) -> list[Area]:
    if not ids:
        return []
    return list(
        db.session.scalars(
            select(Area).where(Area.id.in_(ids)).options(load_only(Area.id, Area.code))
        )
    )


def search_users(page: int, search: str | None = None, role: Role | None = None) -> Pagination:
    query = select(User)
    if search:
        query = query.where(
            or_(
                User.email.icontains(search, autoescape=True),
                User.display_name.icontains(search, autoescape=True),
            )
        )
    if role is not None:
        query = query.where(User.role == role)
    query = query.order_by(User.created_at.desc(), User.id.desc())
    # 200,000 accounts at city scale: a bounded count and bounded page numbers.
    return bounded_paginate(query, page, USERS_PER_PAGE)


@dataclass(frozen=True)
class DashboardCounts:
    users: int
    inactive_users: int
    staff: int
    organisations_pending: int
    organisations_verified: int
    membership_requests: int
    categories_active: int
    categories_inactive: int
    areas: int


def dashboard_counts() -> DashboardCounts:
    def count(column, *conditions) -> int:
        return db.session.scalar(select(func.count(column)).where(*conditions)) or 0

    return DashboardCounts(
        users=count(User.id),
        inactive_users=count(User.id, User.is_active_account.is_(False)),
        staff=count(User.id, User.role == Role.STAFF),
        organisations_pending=count(
            Organisation.id, Organisation.status == OrganisationStatus.PENDING
        ),
        organisations_verified=count(
            Organisation.id, Organisation.status == OrganisationStatus.VERIFIED
        ),
        membership_requests=count(Membership.id, Membership.status == MembershipStatus.PENDING),
        categories_active=count(Category.id, Category.active.is_(True)),
        categories_inactive=count(Category.id, Category.active.is_(False)),
        areas=count(Area.id),
    )
