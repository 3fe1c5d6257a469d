"""Accounts: registration, authentication, passwords, sessions.

Services flush, never commit; a refused change raises an `AccountError` (app.accounts.errors).
"""

from __future__ import annotations

import contextlib
import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app, session
from flask_login import current_user, login_user, logout_user
from sqlalchemy import delete, func, select

from app.accounts.errors import AwaitingConfirmation, EmailTaken, WrongPassword
from app.accounts.models import (
    LoginSession,
    RegistrationRequest,
    Role,
    User,
    login_key_hash,
    new_session_token,
)
from app.actions import flush_once
from app.clock import utcnow
from app.extensions import db


def password_hasher() -> PasswordHasher:
    config = current_app.config
    return PasswordHasher(
        time_cost=config["ARGON2_TIME_COST"],
        memory_cost=config["ARGON2_MEMORY_COST"],
        parallelism=config["ARGON2_PARALLELISM"],
    )


def normalise_email(email: str) -> str:
    return email.strip().lower()


def hash_password(password: str) -> str:
    return password_hasher().hash(password)


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def register_user(
    email: str,
    display_name: str,
    password: str,
    preferred_language: str | None = None,
    role: Role = Role.RESIDENT,
) -> User:
    if find_user_by_email(email) is not None:
        raise EmailTaken()
    user = User(
        email=normalise_email(email),
        display_name=display_name.strip(),
        password_hash=hash_password(password),
        preferred_language=preferred_language,
        role=role,
    )
    db.session.add(user)
    flush_once(EmailTaken)  # the same registration sent twice at once
    return user


def authenticate(email: str, password: str) -> User | None:
    """The user if email and password match an active account, else None.

    A missing account costs the same hashing time as a wrong password, so timing does not tell
    which accounts exist. The password of a registration still waiting for its emailed link
    raises AwaitingConfirmation: only its registrant can learn that it waits.
    """
    user = find_user_by_email(email)
    hasher = password_hasher()
    if user is None:
        _check_waiting_registration(hasher, email, password)
        return None
    try:
        hasher.verify(user.password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    if not user.is_active_account:
        return None
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
    return user


def _check_waiting_registration(hasher: PasswordHasher, email: str, password: str) -> None:
    waiting = db.session.scalar(
        select(RegistrationRequest.password_hash)
        .where(
            RegistrationRequest.email == normalise_email(email),
            RegistrationRequest.link_sent_at >= utcnow() - registration_link_lifetime(),
        )
        .order_by(RegistrationRequest.id.desc())
        .limit(1)
    )
    if waiting is None:
        _spend_hashing_time(hasher, password)
        return
    with contextlib.suppress(VerificationError, InvalidHashError):
        hasher.verify(waiting, password)
        raise AwaitingConfirmation()


def registration_link_lifetime() -> timedelta:
    return timedelta(hours=current_app.config["REGISTRATION_LINK_HOURS"])


def _spend_hashing_time(hasher: PasswordHasher, password: str) -> None:
    with contextlib.suppress(VerificationError):
        hasher.verify(_dummy_hash(hasher), password)


_DUMMY_HASHES: dict[tuple[int, int, int], str] = {}


def _dummy_hash(hasher: PasswordHasher) -> str:
    key = (hasher.time_cost, hasher.memory_cost, hasher.parallelism)
    if key not in _DUMMY_HASHES:
        _DUMMY_HASHES[key] = hasher.hash("not-a-real-password-for-timing-only")
    return _DUMMY_HASHES[key]


def start_session(user: User, remember: bool = False) -> None:
    """Log in with a fresh session: nothing from before login (a planted session) survives.

    The login gets a row of its own (LoginSession), whose key goes into the cookies: logging
    out deletes the row, so a copy of the cookies taken before is worth nothing after.
    """
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language
    now = utcnow()
    _forget_expired_logins(user, now)
    key = secrets.token_urlsafe(32)
    db.session.add(LoginSession(user_id=user.id, key_hash=login_key_hash(key), created_at=now))
    user.login_key = key
    login_user(user, remember=remember)
    user.last_login_at = now
    db.session.flush()


def _forget_expired_logins(user: User, now: datetime) -> None:
    """Logins older than the longest a remember-me cookie lasts can no longer be used."""
    lasts = current_app.config["REMEMBER_COOKIE_DURATION"]
    db.session.execute(
        delete(LoginSession).where(
            LoginSession.user_id == user.id, LoginSession.created_at < now - lasts
        )
    )


def end_session() -> None:
    """Log out: this login ends everywhere its cookies were copied to."""
    key = getattr(current_user, "login_key", None)
    if key:
        db.session.execute(delete(LoginSession).where(LoginSession.key_hash == login_key_hash(key)))
    logout_user()
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language


def check_password(user: User, password: str) -> None:
    """Refuse a change that needs the person's current password when this is not it."""
    try:
        password_hasher().verify(user.password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError) as exc:
        raise WrongPassword() from exc


def change_password(user: User, current_password: str, new_password: str) -> None:
    check_password(user, current_password)
    set_new_password(user, new_password)


def set_new_password(user: User, new_password: str) -> None:
    """The new password ends every login of the person: the caller starts a new one for the
    browser that set it."""
    user.password_hash = hash_password(new_password)
    # Every login (this one too) carries the old token and stops working.
    user.session_token = new_session_token()
    db.session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
    db.session.flush()


def update_profile(user: User, display_name: str, preferred_language: str | None) -> None:
    user.display_name = display_name.strip()
    user.preferred_language = preferred_language or None
    db.session.flush()


def load_user_from_session(session_id: str) -> User | None:
    """The person of a session or remember-me cookie ("id:token:key"), while both the
    generation of their logins (token) and this login (key) stand."""
    user_id, token, key = (session_id.split(":", 2) + ["", ""])[:3]
    if not user_id.isdigit() or len(user_id) > 9 or not token or not key:
        return None
    # One query on every request: the person, if this login of theirs still stands.
    user = db.session.scalar(
        select(User)
        .join(LoginSession, LoginSession.user_id == User.id)
        .where(
            User.id == int(user_id),
            User.session_token == token,
            LoginSession.key_hash == login_key_hash(key),
        )
    )
    if user is not None:
        user.login_key = key
    return user
