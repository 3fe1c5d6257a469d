"""A forgotten password, reset through a link emailed to the account's address.

Asking answers the same whether or not the address has an account (the view says "if an
account exists…"), and the request does the same work either way: it queues a job
(app.accounts.tasks) that runs `request_password_reset` in the worker.

A link is signed for this purpose only, expires after PASSWORD_RESET_HOURS and works once
(app.accounts.links). Setting the new password ends every login of the person, signs this
browser in, and tells the address that the password changed.

Services flush, never commit.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, select

from app.accounts import emails, links
from app.accounts.errors import LinkNotValid
from app.accounts.models import EmailChange, PasswordReset, User
from app.accounts.services import find_user_by_email, set_new_password, start_session
from app.clock import utcnow
from app.extensions import db

# Signatures for this purpose only: no other token of the site can pass for a reset link.
LINK_SALT = "hopemap.accounts.password-reset-link"


def reset_link_lifetime() -> timedelta:
    return timedelta(hours=current_app.config["PASSWORD_RESET_HOURS"])


def request_password_reset(email: str, page_language: str) -> None:
    """Email a reset link to `email` if an active account has it; else nothing, silently."""
    _forget_expired_resets()
    user = find_user_by_email(email)
    if user is None or not user.is_active_account:
        return
    key, key_hash = links.new_key()
    db.session.add(PasswordReset(user_id=user.id, key_hash=key_hash))
    db.session.flush()
    emails.password_reset_link(user, links.sign(key, LINK_SALT), page_language)


def waiting_reset(token: str, *, lock: bool = False) -> PasswordReset | None:
    """The reset a link stands for while the link is good (signed by us for resets, not
    expired, not used, its account active); anything else is None, never an error."""
    lifetime = reset_link_lifetime()
    key_hash = links.key_hash_of(token, LINK_SALT, lifetime)
    if key_hash is None:
        return None
    query = select(PasswordReset).where(PasswordReset.key_hash == key_hash)
    if lock:  # PostgreSQL: a second post at the same moment waits, then finds the row gone
        query = query.with_for_update()
    reset = db.session.scalar(query)
    if reset is None or reset.created_at < utcnow() - lifetime:
        return None
    user = db.session.get(User, reset.user_id)
    if user is None or not user.is_active_account:
        return None
    return reset


def reset_password(token: str, new_password: str) -> User:
    """Set the new password through a good link: every link of the person stops working,
    every login ends, and this browser is signed in."""
    reset = waiting_reset(token, lock=True)
    if reset is None:
        raise LinkNotValid()
    user = db.session.get(User, reset.user_id)
    assert user is not None  # waiting_reset checked it
    set_new_password(user, new_password)
    db.session.execute(delete(PasswordReset).where(PasswordReset.user_id == user.id))
    # An email change asked for from a login that has just ended must not finish later.
    db.session.execute(delete(EmailChange).where(EmailChange.user_id == user.id))
    db.session.flush()
    start_session(user)
    emails.password_changed(user)
    return user


def _forget_expired_resets() -> None:
    db.session.execute(
        delete(PasswordReset).where(PasswordReset.created_at < utcnow() - reset_link_lifetime())
    )
