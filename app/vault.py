"""The vault: personal data encrypted at rest, and keyed look-ups of it (PIPA art. 29).

Every value is sealed with AES-256-GCM (the `cryptography` package) under the current key of a
key ring, with a fresh random 96-bit nonce. The stored value names its key id, so keys rotate:
`flask vault rotate` (app/vault_cli.py) re-seals every value under the current key, and an old
key leaves the ring once `flask vault status` shows it holds nothing. The associated data binds
a value to its place ("table.column"): a value copied into another column does not open there.

Equality on a sealed column is impossible (each seal is different), so a look-up by phone
number or address goes through a blind index: an HMAC-SHA256, under a separate key, of the
normalised value, stored beside the sealed one.

The keys come from the environment or from instance/ (app/config.py); they live on the app as
`app.extensions["vault"]`. A later feature keeps a person's details like this::

    from app.vault import BlindIndex, EncryptedBytes, EncryptedText, blind_index

    class WelfareReport(Model):
        __tablename__ = "welfare_reports"
        id: Mapped[int] = mapped_column(primary_key=True)
        name: Mapped[str | None] = mapped_column(EncryptedText("welfare_reports.name"))
        phone: Mapped[str | None] = mapped_column(EncryptedText("welfare_reports.phone"))
        phone_index: Mapped[str | None] = mapped_column(BlindIndex, index=True)
        photo: Mapped[bytes | None] = mapped_column(EncryptedBytes("welfare_reports.photo"))

    report.phone, report.phone_index = phone, blind_index("phone", phone)
    select(WelfareReport).where(WelfareReport.phone_index == blind_index("phone", typed))

Reads and writes are plain attribute access; nothing else of the feature knows about keys.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
import secrets
import unicodedata
from dataclasses import dataclass
from typing import Any, Literal

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import Flask, current_app
from sqlalchemy import LargeBinary, String, Text
from sqlalchemy.types import TypeDecorator

KEY_BYTES = 32  # AES-256
NONCE_BYTES = 12  # 96 bits, GCM's own size: random, so never reused under one key in practice
_KEY_ID = re.compile(r"[A-Za-z0-9_-]{1,16}")
_SEPARATOR = ":"
INDEX_LENGTH = 64  # hex of an HMAC-SHA256


class VaultError(Exception):
    """A value that cannot be opened: tampered with, moved to another column, or sealed by a
    key that is not in the ring."""


class KeyRingError(ValueError):
    """The configured keys cannot be used (said at start-up, never at the first read)."""


@dataclass(frozen=True)
class KeyRing:
    """Data keys by id, the first one current (it seals); every one opens. And the separate
    key of the blind indexes, which never rotates (the indexes could not be recomputed)."""

    keys: tuple[tuple[str, bytes], ...]
    index_key: bytes

    @classmethod
    def parse(cls, keys_text: str, index_key_text: str) -> KeyRing:
        """ "k2:BASE64,k1:BASE64" (commas or new lines) and the index key in base64."""
        keys: list[tuple[str, bytes]] = []
        for item in re.split(r"[,\s]+", keys_text.strip()):
            if not item:
                continue
            key_id, _, encoded = item.partition(_SEPARATOR)
            if not _KEY_ID.fullmatch(key_id):
                raise KeyRingError(f"vault key id {key_id!r}: use 1-16 letters, digits, - or _")
            if key_id in dict(keys):
                raise KeyRingError(f"vault key id {key_id!r} is given twice")
            keys.append((key_id, _decode_key(encoded, f"vault key {key_id!r}")))
        if not keys:
            raise KeyRingError("no vault key is given")
        return cls(tuple(keys), _decode_key(index_key_text, "the blind index key"))

    @property
    def current_id(self) -> str:
        return self.keys[0][0]

    def key(self, key_id: str) -> bytes:
        for candidate, key in self.keys:
            if candidate == key_id:
                return key
        raise VaultError(f"no key {key_id!r} in the vault's key ring")


def _decode_key(encoded: str, what: str) -> bytes:
    try:
        key = base64.b64decode(encoded.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise KeyRingError(f"{what} is not base64") from None
    if len(key) != KEY_BYTES:
        raise KeyRingError(f"{what} must be {KEY_BYTES} random bytes, base64-encoded")
    return key


def new_key() -> str:
    """A fresh key in base64, for VAULT_KEYS or VAULT_INDEX_KEY."""
    return base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode("ascii")


def init_app(app: Flask) -> None:
    app.extensions["vault"] = KeyRing.parse(app.config["VAULT_KEYS"], app.config["VAULT_INDEX_KEY"])


def key_ring() -> KeyRing:
    return current_app.extensions["vault"]


# --- sealing ------------------------------------------------------------------------------------


def _associated_data(place: str, key_id: str) -> bytes:
    return f"hopemap-vault-v1|{place}|{key_id}".encode()


def seal(place: str, plaintext: bytes, ring: KeyRing | None = None) -> bytes:
    """`key id:` + nonce + ciphertext and tag, bound to `place` ("table.column")."""
    ring = ring or key_ring()
    key_id = ring.current_id
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(ring.key(key_id)).encrypt(nonce, plaintext, _associated_data(place, key_id))
    return key_id.encode("ascii") + _SEPARATOR.encode() + nonce + sealed


def key_id_of(sealed: bytes) -> str:
    key_id, separator, _ = sealed[: 16 + 1].partition(_SEPARATOR.encode())
    if not separator or not _KEY_ID.fullmatch(key_id.decode("ascii", "replace")):
        raise VaultError("not a sealed value")
    return key_id.decode("ascii")


def open_sealed(place: str, sealed: bytes, ring: KeyRing | None = None) -> bytes:
    ring = ring or key_ring()
    key_id = key_id_of(sealed)
    body = sealed[len(key_id) + 1 :]
    nonce, ciphertext = body[:NONCE_BYTES], body[NONCE_BYTES:]
    try:
        return AESGCM(ring.key(key_id)).decrypt(nonce, ciphertext, _associated_data(place, key_id))
    except InvalidTag:
        raise VaultError(f"a value in {place} does not open: changed, moved or wrong key") from None


def seal_text(place: str, text: str, ring: KeyRing | None = None) -> str:
    """Text columns hold `key id:` + base64, so they stay text on both databases."""
    sealed = seal(place, text.encode("utf-8"), ring)
    key_id = key_id_of(sealed)
    return f"{key_id}{_SEPARATOR}" + base64.b64encode(sealed[len(key_id) + 1 :]).decode("ascii")


def text_as_sealed(stored: str) -> bytes:
    key_id, separator, encoded = stored.partition(_SEPARATOR)
    if not separator:
        raise VaultError("not a sealed value")
    try:
        return f"{key_id}{_SEPARATOR}".encode("ascii") + base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise VaultError("not a sealed value") from None


def open_text(place: str, stored: str, ring: KeyRing | None = None) -> str:
    return open_sealed(place, text_as_sealed(stored), ring).decode("utf-8")


# --- column types -------------------------------------------------------------------------------


class _Sealed(TypeDecorator):
    """Shared by both column types: `place` is "table.column", checked against the column's
    real place by tests/test_vault.py (a copy-pasted place would otherwise go unnoticed)."""

    cache_ok = True

    def __init__(self, place: str) -> None:
        super().__init__()
        self.place = place

    class comparator_factory(TypeDecorator.Comparator):  # noqa: N801  (SQLAlchemy's name)
        """No == or LIKE on a sealed column: each seal differs, so they would never match.
        Only IS NULL / IS NOT NULL are meaningful; look values up by a blind index."""

        def operate(self, op: Any, *other: Any, **kwargs: Any) -> Any:
            if getattr(op, "__name__", "") not in {"is_", "is_not", "isnot"}:
                raise TypeError(f"cannot compare a sealed column ({op!r}): use a blind index")
            return super().operate(op, *other, **kwargs)


class EncryptedText(_Sealed):
    """A text column sealed at rest; reads and writes are plain `str`."""

    impl = Text
    cache_ok = True  # its one setting, `place`, is a string: safe in a cache key

    # Empty text is kept as it is: it hides nothing, and an erased value (retention, a deleted
    # account's messages) must stay recognisable in SQL (`length(column) > 0`) without opening.
    def process_bind_param(self, value: str | None, dialect: Any) -> str | None:
        return value if not value else seal_text(self.place, value)

    def process_result_value(self, value: str | None, dialect: Any) -> str | None:
        return value if not value else open_text(self.place, value)


class EncryptedBytes(_Sealed):
    """A binary column (a photo of a person, an attachment) sealed at rest."""

    impl = LargeBinary
    cache_ok = True

    def process_bind_param(self, value: bytes | None, dialect: Any) -> bytes | None:
        return None if value is None else seal(self.place, bytes(value))

    def process_result_value(self, value: bytes | None, dialect: Any) -> bytes | None:
        return None if value is None else open_sealed(self.place, bytes(value))


def sealed_types() -> tuple[type[_Sealed], ...]:
    return (EncryptedText, EncryptedBytes)


# --- blind indexes ------------------------------------------------------------------------------

IndexKind = Literal["phone", "address", "business_number", "voucher_code", "email"]


def normalise(kind: IndexKind, value: str) -> str:
    """The form of a value its look-ups agree on: a phone number's digits only (after NFKC, so
    full-width digits count), an address in NFKC, spaces collapsed, case folded."""
    text = unicodedata.normalize("NFKC", value)
    if kind == "phone":
        digits = re.sub(r"\D", "", text)
        # +82 10-… and 010-… are one number.
        return "0" + digits[2:] if digits.startswith("82") and len(digits) > 10 else digits
    if kind == "business_number":
        return re.sub(r"\D", "", text)
    if kind == "voucher_code":
        return text  # already in its normal form (app.didimdol.codes)
    if kind in ("address", "email"):
        return " ".join(text.split()).casefold()
    raise ValueError(f"unknown blind index kind {kind!r}")


def blind_index(kind: IndexKind, value: str | None, ring: KeyRing | None = None) -> str | None:
    """HMAC-SHA256 (hex) of the normalised value under the index key, separate per kind, so the
    same text as a phone and as an address gives two unrelated indexes. None for no value."""
    if value is None:
        return None
    normalised = normalise(kind, value)
    if not normalised:
        return None
    ring = ring or key_ring()
    message = f"{kind}\x00{normalised}".encode()
    return hmac.new(ring.index_key, message, hashlib.sha256).hexdigest()


BlindIndex = String(INDEX_LENGTH)  # the column type of a blind index
