from __future__ import annotations

import enum
import hashlib
import secrets
from datetime import datetime

from flask_babel import gettext
from flask_login import UserMixin
from sqlalchemy import Boolean, Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship, synonym

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
    # Reviews the access log (PIPA): sees who read whose record, never the records themselves.
    PRIVACY_OFFICER = "privacy_officer"
    # Visits households for a dong (app.visits): sees only the visits they are assigned to.
    OUTREACH_VISITOR = "outreach_visitor"
    # Runs the Didimdol voucher programme city-wide: enrolments of donors, facilities' quotas.
    PROGRAMME_OFFICER = "programme_officer"


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
    # The name as typed; read it as `display_name`, which names a deleted account "a former
    # member" on every page, feed and export that shows the person (see below).
    stored_name: Mapped[str] = mapped_column("display_name", String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    # Indexed: the staff lists pick a few dozen staff out of 200,000 residents.
    role: Mapped[Role] = mapped_column(
        enum_type(Role, "user_role"), default=Role.RESIDENT, index=True
    )
    preferred_language: Mapped[str | None] = mapped_column(String(8))
    is_active_account: Mapped[bool] = mapped_column(Boolean, default=True)
    # Part of the login cookie: rotating it (password change) ends every other session.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the person deleted their account: the row stays (anonymised) so that what they wrote
    # in public and staff records keep a valid author; it can never log in again.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    staff_areas: Mapped[list[Area]] = relationship(secondary=staff_areas, order_by=Area.code)

    def _display_name(self) -> str:
        if self.deleted_at is not None:
            return gettext("a former member")
        return self.stored_name

    def _set_display_name(self, name: str) -> None:
        self.stored_name = name

    # In SQL it is the column; on an object, the name to show.
    display_name: Mapped[str] = synonym(
        "stored_name", descriptor=property(_display_name, _set_display_name)
    )

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.is_active_account

    @property
    def login_key(self) -> str | None:
        """The key of the login this request belongs to (see LoginSession): set when the login
        starts or is loaded, never stored with the person."""
        return self.__dict__.get("_login_key")

    @login_key.setter
    def login_key(self, key: str | None) -> None:
        self.__dict__["_login_key"] = key

    def get_id(self) -> str:
        """What the session and remember-me cookies carry: the person, the generation of their
        logins (a password change starts a new one) and this login's key."""
        return f"{self.id}:{self.session_token}:{self.login_key or ''}"

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class LoginSession(Model):
    """One login (a browser that signed in): logging out deletes it, and every copy of its
    session or remember-me cookie stops working. Only a hash of the key is kept: the key itself
    lives in the signed cookie alone."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def login_key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class RegistrationRequest(Model):
    """A registration waiting for its emailed link: no account exists until the link is
    followed, so an address nobody proved is never an account (nor blocks the real owner).

    Each attempt is its own row with its own link: a stranger who types somebody's address
    cannot make the owner's own link stop working. Only a hash of the link's key is kept.
    """

    __tablename__ = "registration_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    preferred_language: Mapped[str | None] = mapped_column(String(8))
    # The emails' language: the one chosen, else the one the form was filled in.
    email_language: Mapped[str] = mapped_column(String(8))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the current link was sent (sending it again starts its lifetime anew).
    link_sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class StaffAreaChange(Model):
    """One staff area given to or taken from a person, by whom and when.

    Staff areas open welfare data (exact points and authors of needs), so every grant and every
    removal is kept, also an administrator's to themselves. The area's code is copied: the log
    must still say which area it was after the boundaries are imported again or removed.
    """

    __tablename__ = "staff_area_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id", ondelete="SET NULL"))
    area_code: Mapped[str] = mapped_column(String(20))
    granted: Mapped[bool] = mapped_column(Boolean)  # False: the area was taken away
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    area: Mapped[Area | None] = relationship()
    changed_by: Mapped[User | None] = relationship(foreign_keys=[changed_by_id])


class PasswordReset(Model):
    """A forgotten password's emailed link, waiting to be followed.

    Each request is its own row, like a registration: a stranger who asks for a reset of
    somebody's address cannot make the owner's own link stop working. Setting a new password
    deletes every row of the person, so each link works once. Only a hash of the key is kept.
    """

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class EmailChange(Model):
    """A new email address waiting for its owner to follow the link sent to it: the account
    keeps its old address until then, so nobody can move an account to an address they do not
    read. Only a hash of the link's key is kept."""

    __tablename__ = "email_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    new_email: Mapped[str] = mapped_column(String(254))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
