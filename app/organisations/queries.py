"""Read-only questions about a person's organisations."""

from __future__ import annotations

from sqlalchemy import Select, select

from app.accounts.models import User
from app.extensions import db
from app.organisations.models import (
    Membership,
    MembershipStatus,
    Organisation,
    OrganisationStatus,
)


def _verified_organisations_of(user: User, *, representing: bool) -> Select:
    """Verified organisations the person is an approved member (or representative) of."""
    statement = (
        select(Organisation)
        .join(Membership, Membership.organisation_id == Organisation.id)
        .where(
            Membership.user_id == user.id,
            Membership.status == MembershipStatus.APPROVED,
            Organisation.status == OrganisationStatus.VERIFIED,
        )
    )
    if representing:
        statement = statement.where(Membership.is_representative.is_(True))
    return statement


def verified_organisations_of(user: User, *, representing: bool = False) -> list[Organisation]:
    """Those a person may offer for (members), or put forward as a consortium's lead
    (`representing`), by name."""
    statement = _verified_organisations_of(user, representing=representing)
    return list(db.session.scalars(statement.order_by(Organisation.name_ko, Organisation.id)))


def belongs_to_a_verified_organisation(user: User) -> bool:
    statement = _verified_organisations_of(user, representing=False).with_only_columns(
        Organisation.id
    )
    return db.session.scalar(statement.limit(1)) is not None
