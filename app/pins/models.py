from __future__ import annotations

import enum
from datetime import date, datetime

from geoalchemy2 import WKBElement
from sqlalchemy import (
    Boolean,
    ColumnElement,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    and_,
    true,
)
from sqlalchemy.ext.hybrid import hybrid_method
from sqlalchemy.orm import Mapped, foreign, mapped_column, relationship

from app.accounts.models import User
from app.areas.models import Area
from app.categories.models import Category
from app.clock import utcnow
from app.dbtypes import UTCDateTime, enum_type
from app.extensions import Model
from app.geo import PointColumn
from app.organisations.models import Organisation
from app.vault import EncryptedText


class PinKind(enum.StrEnum):
    NEED = "need"
    OFFER = "offer"


class PinStatus(enum.StrEnum):
    OPEN = "open"
    MATCHED = "matched"
    FULFILLED = "fulfilled"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"


# States in which a pin still takes part in matching and shows on the map by default.
ACTIVE_STATUSES = frozenset({PinStatus.OPEN, PinStatus.MATCHED})


class Pin(Model):
    """A need (help someone needs) or an offer (goods, a service, a skill given), on the map.

    `location` is the exact point: only its author and the staff of its area ever see it.
    `public_lon`/`public_lat` are what everyone else sees, set by app.pins.privacy on every
    write; for a need (or a private person's offer) they are the centre of a grid cell.

    Two pairs of areas: `dong`/`gu` hold the exact point and route the pin to the staff of its
    area (internal only); `public_dong`/`public_gu` hold the public point, and are all anyone
    else is told or may filter by. Where a cell straddles a boundary, the exact point's area
    would say which side of the line the need is on, narrowing it below its cell.
    """

    __tablename__ = "pins"
    __table_args__ = (
        # The map's viewport query reads only these columns: on PostgreSQL an index-only scan.
        Index(
            "ix_pins_public_lat_lon",
            "public_lat",
            "public_lon",
            postgresql_include=["id", "kind", "category_id", "status", "expires_at"],
        ),
        Index("ix_pins_status_kind", "status", "kind"),
        # The list (/pins): each filter, then its order, so a page (or the page after a
        # cursor) is read from the index, however deep (app.pins.listing).
        Index("ix_pins_list_status", "status", "created_at", "id"),
        Index("ix_pins_list_kind", "kind", "status", "created_at", "id"),
        Index("ix_pins_list_category", "category_id", "status", "created_at", "id"),
        Index("ix_pins_list_gu", "public_gu_id", "status", "created_at", "id"),
        Index("ix_pins_list_dong", "public_dong_id", "status", "created_at", "id"),
        # The list's "expiring" order: needs of a status by expiry date.
        Index("ix_pins_list_expiring", "kind", "status", "expires_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # active_history: the cluster counts need the old value even when it was not loaded.
    kind: Mapped[PinKind] = mapped_column(enum_type(PinKind, "pin_kind"), active_history=True)
    status: Mapped[PinStatus] = mapped_column(
        enum_type(PinStatus, "pin_status"), default=PinStatus.OPEN, active_history=True
    )
    category_id: Mapped[int] = mapped_column(
        ForeignKey("categories.id"), index=True, active_history=True
    )
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    location: Mapped[WKBElement] = mapped_column(PointColumn)
    public_lon: Mapped[float] = mapped_column(Float, active_history=True)
    public_lat: Mapped[float] = mapped_column(Float, active_history=True)
    location_is_coarse: Mapped[bool] = mapped_column(Boolean, default=True)
    dong_id: Mapped[int | None] = mapped_column(
        ForeignKey("areas.id", ondelete="SET NULL"), index=True, active_history=True
    )
    gu_id: Mapped[int | None] = mapped_column(
        ForeignKey("areas.id", ondelete="SET NULL"), active_history=True
    )
    # Derived on every write, like pin_cells' area keys, and without a database key like them:
    # SQLite cannot add one to a table (SpatiaLite's pins would have to be rebuilt), and areas
    # are re-imported, never deleted, by the site.
    public_dong_id: Mapped[int | None] = mapped_column(Integer, index=True, active_history=True)
    public_gu_id: Mapped[int | None] = mapped_column(Integer, index=True, active_history=True)
    # The author agreed that everyone may read the title and description of their need, even
    # where too few open needs share its cell to hide among (app.pins.privacy).
    text_shared: Mapped[bool] = mapped_column(Boolean, default=False)
    # False for the offer made by "I can help" on a need's page (app.matching.helping): it
    # exists only to carry that one match, so it is never on the map, the lists, the exports
    # or its own page for anyone but its author and staff (PUBLIC_PIN below, app.pins.rules).
    listed: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    quantity: Mapped[int | None] = mapped_column(Integer)
    available_from: Mapped[date | None] = mapped_column(Date)
    available_until: Mapped[date | None] = mapped_column(Date)
    photo: Mapped[str | None] = mapped_column(String(80))  # file name under the upload folder
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # The expiry date its author was last reminded of (app.pins.reminders): a renewed need has
    # a new date, hence a new reminder; the same date is never reminded twice.
    expiry_reminded_for: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # When retention (app.pins.retention) moved a closed need's exact point to its public cell's
    # centre and emptied its description: from then on nobody, staff included, knows more.
    exact_place_erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    category: Mapped[Category] = relationship()
    dong: Mapped[Area | None] = relationship(foreign_keys=[dong_id])
    gu: Mapped[Area | None] = relationship(foreign_keys=[gu_id])
    public_dong: Mapped[Area | None] = relationship(
        primaryjoin=lambda: foreign(Pin.public_dong_id) == Area.id
    )
    public_gu: Mapped[Area | None] = relationship(
        primaryjoin=lambda: foreign(Pin.public_gu_id) == Area.id
    )
    author: Mapped[User] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    # Loaded only when asked for: the public outputs never ask.
    consent: Mapped[NeedConsent | None] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def is_need(self) -> bool:
        return self.kind == PinKind.NEED

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @hybrid_method
    def is_overdue(self, now: datetime | None = None) -> bool:
        """An open need past its expiry date that `flask pins expire` has not reached yet."""
        return (
            self.kind == PinKind.NEED
            and self.status == PinStatus.OPEN
            and self.expires_at is not None
            and self.expires_at <= (now or utcnow())
        )

    @is_overdue.inplace.expression  # type: ignore[attr-defined]  # SQLAlchemy typing gap: mypy sees the plain method here
    @classmethod
    def _is_overdue_expression(cls, now: datetime | None = None) -> ColumnElement[bool]:
        """The same test in SQL, for the lists and the map (which leave overdue needs out)."""
        return and_(
            cls.kind == PinKind.NEED,
            cls.status == PinStatus.OPEN,
            cls.expires_at.is_not(None),
            cls.expires_at <= (now or utcnow()),
        )

    def current_status(self, now: datetime | None = None) -> PinStatus:
        """The status to show and to decide on: an overdue need counts as expired already."""
        return PinStatus.EXPIRED if self.is_overdue(now) else self.status

    def __repr__(self) -> str:
        return f"<Pin {self.id} {self.kind} {self.status}>"


class ConsentRelationship(enum.StrEnum):
    """Who the author is to the person in need they post for."""

    FAMILY = "family"
    NEIGHBOUR = "neighbour"
    FRIEND = "friend"
    CARER = "carer"  # a volunteer or carer
    OTHER = "other"


class ConsentChannel(enum.StrEnum):
    """How the person in need said yes."""

    IN_PERSON = "in_person"
    PHONE = "phone"
    WRITING = "writing"
    OTHER = "other"


class NeedConsent(Model):
    """A need posted for someone else: that person's consent, as the author recorded it.

    A table of its own, not columns of `pins`: no public query of pins loads it, so none can
    give it away, and a need posted for oneself simply has none. Only the author and the
    area's staff see it (app.pins.rules.may_see_consent).
    """

    __tablename__ = "need_consents"

    pin_id: Mapped[int] = mapped_column(ForeignKey("pins.id", ondelete="CASCADE"), primary_key=True)
    relation: Mapped[ConsentRelationship] = mapped_column(
        enum_type(ConsentRelationship, "consent_relationship")
    )
    # Sealed at rest (app/vault.py): free words about the person the need is for.
    relation_other: Mapped[str] = mapped_column(
        EncryptedText("need_consents.relation_other"), default=""
    )
    channel: Mapped[ConsentChannel] = mapped_column(enum_type(ConsentChannel, "consent_channel"))
    given_on: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set when an edit changed what was recorded: staff can tell a late correction.
    changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
