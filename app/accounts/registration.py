"""Registering: the form's answer never tells whether an address has an account.

A registration waits (a RegistrationRequest) until the link emailed to its address is followed;
only then is there an account, signed in at once. An address that has an account already gets
an email telling its owner instead, and the form answers exactly as for a new address, after
the same password hashing.

A link is signed for this purpose (app.accounts.links), expires after REGISTRATION_LINK_HOURS
and works once: it carries a random key whose hash finds the waiting registration, which is
deleted when the link is followed. Registrations whose link has expired are deleted whenever
somebody registers or asks for a link again.

Services flush, never commit; emails leave once the view's commit holds (app.accounts.emails).
"""

from __future__ import annotations

from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from app.accounts import emails, links
from app.accounts.errors import NotTheRegisteredPassword, RegistrationLinkNotValid
from app.accounts.models import RegistrationRequest, Role, User
from app.accounts.services import (
    find_user_by_email,
    hash_password,
    normalise_email,
    password_hasher,
    registration_link_lifetime,
    start_session,
)
from app.clock import utcnow
from app.extensions import db

# Signatures for this purpose only: no other token of the site can pass for a link.
LINK_SALT = "hopemap.accounts.registration-link"


def request_registration(
    email: str,
    display_name: str,
    password: str,
    preferred_language: str | None,
    page_language: str,
) -> None:
    """Register `email`, or tell its owner that somebody tried: the caller cannot tell which."""
    email = normalise_email(email)
    # Hashed either way, so that the time the answer takes does not tell either.
    password_hash = hash_password(password)
    _forget_expired_registrations()
    owner = find_user_by_email(email)
    if owner is not None:
        emails.somebody_registered_as_you(owner)
        return
    registration = RegistrationRequest(
        email=email,
        display_name=display_name.strip(),
        password_hash=password_hash,
        preferred_language=preferred_language or None,
        email_language=preferred_language or page_language,
        key_hash="",
    )
    db.session.add(registration)
    _send_new_link(registration)


def send_link_again(email: str) -> None:
    """A new link for the latest registration waiting for `email`, if there is one (the old
    link stops working). An address with an account, or with nothing, gets no email."""
    _forget_expired_registrations()
    registration = db.session.scalar(
        select(RegistrationRequest)
        .where(RegistrationRequest.email == normalise_email(email))
        .order_by(RegistrationRequest.id.desc())
        .limit(1)
    )
    if registration is not None and find_user_by_email(registration.email) is None:
        _send_new_link(registration)


def waiting_registration(token: str, *, lock: bool = False) -> RegistrationRequest | None:
    """The registration a link finishes, while the link is good: signed by us, not expired,
    not used. Anything else (tampered, truncated, foreign, old) is None, never an error."""
    lifetime = registration_link_lifetime()
    key_hash = links.key_hash_of(token, LINK_SALT, lifetime)
    if key_hash is None:
        return None
    query = select(RegistrationRequest).where(RegistrationRequest.key_hash == key_hash)
    if lock:  # PostgreSQL: a second click at the same moment waits, then finds the row gone
        query = query.with_for_update()
    registration = db.session.scalar(query)
    if registration is None or registration.link_sent_at < utcnow() - lifetime:
        return None
    return registration


def finish_registration(token: str, password: str) -> User:
    """Follow a link with the password chosen when registering: the account is created,
    signed in, and every registration waiting for the same address goes (their links stop
    working)."""
    registration = waiting_registration(token, lock=True)
    if registration is None or find_user_by_email(registration.email) is not None:
        raise RegistrationLinkNotValid()
    try:
        password_hasher().verify(registration.password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError) as error:
        raise NotTheRegisteredPassword() from error
    user = User(
        email=registration.email,
        display_name=registration.display_name,
        password_hash=registration.password_hash,
        preferred_language=registration.preferred_language,
        role=Role.RESIDENT,
    )
    db.session.add(user)
    db.session.execute(
        delete(RegistrationRequest).where(RegistrationRequest.email == registration.email)
    )
    try:
        db.session.flush()
    except IntegrityError as error:  # the same address was confirmed at the same moment
        raise RegistrationLinkNotValid() from error
    start_session(user)
    return user


def _send_new_link(registration: RegistrationRequest) -> None:
    key, registration.key_hash = links.new_key()
    registration.link_sent_at = utcnow()
    db.session.flush()
    emails.registration_link(registration, links.sign(key, LINK_SALT))


def _forget_expired_registrations() -> None:
    db.session.execute(
        delete(RegistrationRequest).where(
            RegistrationRequest.link_sent_at < utcnow() - registration_link_lifetime()
        )
    )
