from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.clock import utcnow
from app.dbtypes import UTCDateTime, enum_type
from app.extensions import Model
from app.pins.models import Pin
from app.vault import EncryptedText

THANK_YOU_LENGTH = 300


class MatchStatus(enum.StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    FULFILLED = "fulfilled"
    CANCELLED = "cancelled"


class Match(Model):
    """A need linked to an offer: proposed by one side, accepted or declined by the other."""

    __tablename__ = "matches"
    __table_args__ = (UniqueConstraint("need_id", "offer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("pins.id", ondelete="CASCADE"), index=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("pins.id", ondelete="CASCADE"), index=True)
    status: Mapped[MatchStatus] = mapped_column(
        enum_type(MatchStatus, "match_status"), default=MatchStatus.PROPOSED, index=True
    )
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The proposal's words, private to the two sides: sealed at rest (app/vault.py).
    message: Mapped[str | None] = mapped_column(EncryptedText("matches.message"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    fulfilled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The need's author's word of thanks, given with the fulfilment (private, like the thread:
    # a success story is what the author may later make of it).
    thank_you: Mapped[str | None] = mapped_column(EncryptedText("matches.thank_you"))

    need: Mapped[Pin] = relationship(foreign_keys=[need_id])
    offer: Mapped[Pin] = relationship(foreign_keys=[offer_id])
    proposed_by: Mapped[User | None] = relationship(foreign_keys=[proposed_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
