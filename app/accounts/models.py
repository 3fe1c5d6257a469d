from __future__ import annotations

import enum
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.areas.models import Area
from app.clock import utcnow
from app.dbtypes import UTCDateTime, enum_type
from app.extensions import Model, db


class Role(enum.StrEnum):
    RESIDENT = "resident"
    ORG_MEMBER = "org_member"
    MODERATOR = "moderator"
    STAFF = "staff"
    ADMIN = "admin"


staff_areas = Table(
    "staff_areas",
    db.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", ForeignKey("areas.id", ondelete="CASCADE"), primary_key=True),
)


def new_session_token() -> str:
    return secrets.token_urlsafe(24)


class User(UserMixin, Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(enum_type(Role, "user_role"), default=Role.RESIDENT)
    preferred_language: Mapped[str | None] = mapped_column(String(8))
    is_active_account: Mapped[bool] = mapped_column(Boolean, default=True)
    # Part of the login cookie: rotating it (password change) ends every other session.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    staff_areas: Mapped[list[Area]] = relationship(secondary=staff_areas, order_by=Area.code)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.is_active_account

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"
