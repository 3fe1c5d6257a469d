"""Open311 partners (a hotline's call-takers, the national crisis-reporting app's bridge) and
the requests they sent.

A partner's API key is shown once, when made; only its SHA-256 is kept (a random key of 256
bits needs no slow hash: there is nothing to guess from a dictionary). A request row ties a
partner's own request id, when they send one, to the report it made: the same request sent
again answers the first result instead of making a second report.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import utcnow
from app.dbtypes import UTCDateTime
from app.extensions import Model


def new_service_request_id() -> str:
    # What the partner gets back: random, so that it tells nothing of how many reports there
    # are, and unrelated to the report's tracking code (which only the reporter holds).
    return secrets.token_hex(12)


class Open311Partner(Model):
    __tablename__ = "open311_partners"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    contact: Mapped[str] = mapped_column(Text, default="")  # the partner's office, for us
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class Open311Request(Model):
    __tablename__ = "open311_requests"
    __table_args__ = (UniqueConstraint("partner_id", "partner_request_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(
        ForeignKey("open311_partners.id", ondelete="CASCADE"), index=True
    )
    # The partner's own id for the request (an attribute of the POST); None when not sent,
    # and then nothing is deduplicated (NULLs never clash in a unique constraint).
    partner_request_id: Mapped[str | None] = mapped_column(String(64))
    service_request_id: Mapped[str] = mapped_column(
        String(32), unique=True, default=new_service_request_id
    )
    report_id: Mapped[int | None] = mapped_column(
        ForeignKey("reports.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
