"""A match's private conversation, and what the need's author shares with the accepted helper.

None of these rows is ever public: they are read only through app.matching.rules
(`may_read_thread`, `may_see_shared_contact`) on the match's own page.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.clock import utcnow
from app.dbtypes import UTCDateTime
from app.extensions import Model
from app.matching.models import Match
from app.vault import EncryptedText

MESSAGE_LENGTH = 2000  # a few paragraphs: how, when, where to meet
PHONE_LENGTH = 30


class MatchMessage(Model):
    """One message in a match's thread. Plain text, escaped when drawn."""

    __tablename__ = "match_messages"
    __table_args__ = (Index("ix_match_messages_match_id_id", "match_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("matches.id", ondelete="CASCADE"))
    # Kept when the account goes: the other side still reads what was agreed.
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Sealed at rest (app/vault.py): free text between people, it may hold an address.
    body: Mapped[str] = mapped_column(EncryptedText("match_messages.body"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    match: Mapped[Match] = relationship()
    author: Mapped[User | None] = relationship()


class ThreadReadMarker(Model):
    """How far one participant has read a match's thread (the newest message they were shown)."""

    __tablename__ = "match_thread_reads"
    __table_args__ = (UniqueConstraint("match_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("matches.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    last_read_message_id: Mapped[int] = mapped_column()
    read_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SharedContact(Model):
    """The need's author's choice to show the exact place and/or a phone number to the accepted
    helper. Each choice is a row, kept with its time; withdrawing one dates it and hides it."""

    __tablename__ = "match_shared_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("matches.id", ondelete="CASCADE"), index=True)
    shared_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    shares_place: Mapped[bool] = mapped_column(Boolean, default=False)
    phone: Mapped[str | None] = mapped_column(EncryptedText("match_shared_contacts.phone"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    match: Mapped[Match] = relationship()


class SharedContactView(Model):
    """Each time a helper was shown a shared place or phone number: who, which share, when."""

    __tablename__ = "match_shared_contact_views"

    id: Mapped[int] = mapped_column(primary_key=True)
    shared_contact_id: Mapped[int] = mapped_column(
        ForeignKey("match_shared_contacts.id", ondelete="CASCADE"), index=True
    )
    viewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    viewed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
