"""Emailed links that work once: a random key, signed for one purpose, whose hash finds a row.

The signature (itsdangerous, with a salt per purpose) refuses tampered, foreign and expired
links before the database is asked; the row (looked up by the key's hash, never the key) makes
a link work once, since following it deletes the row. Only the email ever holds the key.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import current_app
from itsdangerous import BadData, URLSafeTimedSerializer

from app.accounts.models import login_key_hash

# A link of ours is about 100 characters; anything much longer is not worth decoding.
LONGEST_TOKEN = 300


def _signer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def new_key() -> tuple[str, str]:
    """A fresh key and the hash to store for it."""
    key = secrets.token_urlsafe(32)
    return key, login_key_hash(key)


def sign(key: str, salt: str) -> str:
    """The token that goes into the emailed link."""
    return _signer(salt).dumps(key)


def key_hash_of(token: str, salt: str, lifetime: timedelta) -> str | None:
    """The stored hash a token's key stands for, while its signature is good (ours, for this
    purpose, not older than `lifetime`); anything else is None, never an error."""
    if len(token) > LONGEST_TOKEN:
        return None
    try:
        key = _signer(salt).loads(token, max_age=int(lifetime.total_seconds()))
    except BadData:  # a bad signature, an expired one, a payload that is not ours
        return None
    if not isinstance(key, str):
        return None
    return login_key_hash(key)
