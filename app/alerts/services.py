"""Alert subscriptions: made, changed and deleted here; services flush, the view commits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.accounts.models import User
from app.alerts.errors import TooManySubscriptions
from app.alerts.models import AlertSubscription
from app.areas.models import Area
from app.categories.models import Category
from app.extensions import db
from app.organisations.models import Membership, MembershipStatus, Organisation

# Enough for a person or a centre following several neighbourhoods in a few ways, and a bound
# on the work of each day's digest.
MAX_SUBSCRIPTIONS = 20


@dataclass(frozen=True)
class AlertChoice:
    """What a subscription follows, as the form gives it."""

    needs: bool
    offers: bool
    area_ids: Sequence[int]
    category_ids: Sequence[int]  # none: every category


def subscriptions_of(
    *, user: User | None = None, organisation: Organisation | None = None
) -> list[AlertSubscription]:
    statement = (
        select(AlertSubscription)
        .options(
            selectinload(AlertSubscription.areas).selectinload(Area.parent),
            selectinload(AlertSubscription.categories),
        )
        .order_by(AlertSubscription.created_at, AlertSubscription.id)
    )
    if organisation is not None:
        statement = statement.where(AlertSubscription.organisation_id == organisation.id)
    else:
        assert user is not None
        statement = statement.where(AlertSubscription.user_id == user.id)
    return list(db.session.scalars(statement))


def _count(owner: User | Organisation) -> int:
    # The owner's row is locked first (PostgreSQL), so two alerts added at the same instant
    # count one after the other and the bound holds; SQLite's write lock does the same.
    model = type(owner)
    db.session.execute(select(model.id).where(model.id == owner.id).with_for_update())
    column = (
        AlertSubscription.organisation_id
        if isinstance(owner, Organisation)
        else AlertSubscription.user_id
    )
    return db.session.scalar(select(func.count()).where(column == owner.id)) or 0


def _apply(subscription: AlertSubscription, choice: AlertChoice) -> None:
    subscription.needs = choice.needs
    subscription.offers = choice.offers
    subscription.areas = list(db.session.scalars(select(Area).where(Area.id.in_(choice.area_ids))))
    subscription.categories = list(
        db.session.scalars(select(Category).where(Category.id.in_(choice.category_ids)))
    )


def add_subscription(
    author: User, choice: AlertChoice, organisation: Organisation | None = None
) -> AlertSubscription:
    """A new alert for the author, or for the organisation they represent."""
    owner: User | Organisation = organisation or author
    if _count(owner) >= MAX_SUBSCRIPTIONS:
        raise TooManySubscriptions(MAX_SUBSCRIPTIONS)
    subscription = AlertSubscription(
        user=None if organisation else author, organisation=organisation, created_by_id=author.id
    )
    _apply(subscription, choice)
    db.session.add(subscription)
    db.session.flush()
    return subscription


def change_subscription(subscription: AlertSubscription, choice: AlertChoice) -> None:
    _apply(subscription, choice)
    db.session.flush()


def delete_subscription(subscription: AlertSubscription) -> None:
    db.session.delete(subscription)
    db.session.flush()


@dataclass(frozen=True)
class AlertsOverview:
    """A person's alerts for their page (/my): always shown, so that people find them."""

    subscriptions: list[AlertSubscription]
    organisations: list[Organisation]  # those whose alerts they manage


def alerts_overview(person: User) -> AlertsOverview:
    statement = (
        select(Organisation)
        .join(Membership)
        .where(
            Membership.user_id == person.id,
            Membership.is_representative.is_(True),
            Membership.status == MembershipStatus.APPROVED,
        )
        .order_by(Organisation.name_ko)
    )
    return AlertsOverview(subscriptions_of(user=person), list(db.session.scalars(statement)))
