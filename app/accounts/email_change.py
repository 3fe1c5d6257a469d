"""Changing an account's email address: only following the link sent to the new address
changes it, and the old address is told.

Whether the new address belongs to another account is never said on the page: the answer is
the same, and instead of a link the new address gets an email saying it has an account
already (its owner learns of the attempt; the person asking learns only if it is their own
mailbox). Asking takes the current password, so a browser left signed in cannot move the
account to a stranger's address.

Services flush, never commit.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, select

from app.accounts import emails, links
from app.accounts.errors import AlreadyYourEmail, EmailTaken, LinkNotValid
from app.accounts.models import EmailChange, User
from app.accounts.services import check_password, find_user_by_email, normalise_email
from app.actions import flush_once
from app.clock import utcnow
from app.extensions import db

# Signatures for this purpose only: no other token of the site can pass for this link.
LINK_SALT = "hopemap.accounts.email-change-link"


def email_change_lifetime() -> timedelta:
    return timedelta(hours=current_app.config["EMAIL_CHANGE_HOURS"])


def request_email_change(user: User, new_email: str, password: str, page_language: str) -> None:
    """Send the link that moves `user` to `new_email`, or tell that address it has an
    account already: the caller cannot tell which."""
    check_password(user, password)
    new_email = normalise_email(new_email)
    if new_email == normalise_email(user.email):
        raise AlreadyYourEmail()
    _forget_expired_changes()
    owner = find_user_by_email(new_email)
    if owner is not None:
        emails.email_change_to_a_taken_address(owner)
        return
    key, key_hash = links.new_key()
    db.session.add(EmailChange(user_id=user.id, new_email=new_email, key_hash=key_hash))
    db.session.flush()
    emails.email_change_link(user, new_email, links.sign(key, LINK_SALT), page_language)


def waiting_change(token: str, user: User, *, lock: bool = False) -> EmailChange | None:
    """The change a link stands for, while the link is good and is `user`'s own (a link
    followed in another person's login does nothing for either)."""
    lifetime = email_change_lifetime()
    key_hash = links.key_hash_of(token, LINK_SALT, lifetime)
    if key_hash is None:
        return None
    query = select(EmailChange).where(
        EmailChange.key_hash == key_hash, EmailChange.user_id == user.id
    )
    if lock:
        query = query.with_for_update()
    change = db.session.scalar(query)
    if change is None or change.created_at < utcnow() - lifetime:
        return None
    return change


def confirm_email_change(token: str, user: User) -> str:
    """Move `user` to the address the link was sent to; gives the old address, which is told.
    Every other change waiting for the person ends."""
    change = waiting_change(token, user, lock=True)
    if change is None:
        raise LinkNotValid()
    old_email = user.email
    new_email = change.new_email
    if find_user_by_email(new_email) is not None:  # taken since the link was sent
        raise EmailTaken()
    db.session.execute(delete(EmailChange).where(EmailChange.user_id == user.id))
    user.email = new_email
    flush_once(EmailTaken)  # the address was taken at the same moment
    emails.email_was_changed(user, old_email)
    return old_email


def _forget_expired_changes() -> None:
    db.session.execute(
        delete(EmailChange).where(EmailChange.created_at < utcnow() - email_change_lifetime())
    )
