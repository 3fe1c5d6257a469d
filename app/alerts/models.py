"""Alert subscriptions, and the daily runs that turned them into digests.

A subscription belongs to one person or to one organisation (then its representatives read
the digest). It follows needs, offers or both in at least one area (a gu covers its dongs)
and in some categories, or all of them when none is chosen.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Column, Date, ForeignKey, Integer, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.areas.models import Area
from app.categories.models import Category
from app.clock import utcnow
from app.dbtypes import UTCDateTime
from app.extensions import Model, db
from app.organisations.models import Organisation

alert_subscription_areas = Table(
    "alert_subscription_areas",
    db.metadata,
    Column(
        "subscription_id",
        ForeignKey("alert_subscriptions.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("area_id", ForeignKey("areas.id", ondelete="CASCADE"), primary_key=True),
)

alert_subscription_categories = Table(
    "alert_subscription_categories",
    db.metadata,
    Column(
        "subscription_id",
        ForeignKey("alert_subscriptions.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("category_id", ForeignKey("categories.id", ondelete="CASCADE"), primary_key=True),
)


class AlertSubscription(Model):
    __tablename__ = "alert_subscriptions"
    __table_args__ = (
        # Exactly one owner: a person's own alert, or an organisation's.
        CheckConstraint(
            "(user_id IS NULL AND organisation_id IS NOT NULL)"
            " OR (user_id IS NOT NULL AND organisation_id IS NULL)",
            name="one_owner",
        ),
        CheckConstraint("needs OR offers", name="follows_something"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    needs: Mapped[bool] = mapped_column(Boolean, default=True)
    offers: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    organisation: Mapped[Organisation | None] = relationship()
    areas: Mapped[list[Area]] = relationship(
        secondary=alert_subscription_areas, order_by="Area.code"
    )
    categories: Mapped[list[Category]] = relationship(
        secondary=alert_subscription_categories, order_by="Category.position"
    )


class AlertRun(Model):
    """One day's digests: the day is the key, so a second run that day (a rerun, another
    worker) is refused by the database and sends nothing."""

    __tablename__ = "alert_runs"

    day: Mapped[date] = mapped_column(Date, primary_key=True)  # in Seoul
    # Pins made in (covered_from, covered_until] were looked at; the next run starts here.
    covered_from: Mapped[datetime] = mapped_column(UTCDateTime)
    covered_until: Mapped[datetime] = mapped_column(UTCDateTime)
    ran_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    notifications: Mapped[int] = mapped_column(Integer, default=0)
