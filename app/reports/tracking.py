"""Tracking codes: what an anonymous reporter keeps to ask how their report stands.

Twelve random characters from Crockford's base-32 alphabet (no I, L, O or U, which read as 1,
1, 0 or V), 60 bits, plus a check character computed with Luhn mod 32, so one mistyped
character, or two swapped neighbours (but "0Z" for "Z0", Luhn's one blind spot), is caught at
the field instead of finding nothing. Only
a hash is stored: the code is shown once, on the page that answers the report.
"""

from __future__ import annotations

import hashlib
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RANDOM_LENGTH = 12
# What people type instead: lower case, and the letters Crockford's alphabet leaves out.
_LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def _check_character(body: str) -> str:
    """Luhn mod N (N = 32), the base-32 form of the card-number check digit."""
    total = 0
    factor = 2
    for character in reversed(body):
        addend = factor * ALPHABET.index(character)
        total += addend // 32 + addend % 32
        factor = 1 if factor == 2 else 2
    return ALPHABET[(32 - total % 32) % 32]


def new_tracking_code() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return body + _check_character(body)


def normalise_code(typed: str) -> str | None:
    """The code as stored, or None when it cannot be one (wrong length, a character outside
    the alphabet, a failed check)."""
    code = "".join(typed.split()).replace("-", "").upper().translate(_LOOK_ALIKES)
    if len(code) != RANDOM_LENGTH + 1 or any(c not in ALPHABET for c in code):
        return None
    if _check_character(code[:-1]) != code[-1]:
        return None
    return code


def shown(code: str) -> str:
    """In groups, easier to copy down: ABCD-EFGH-JKMN-P."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def tracking_hash(code: str) -> str:
    """60 random bits: a plain SHA-256 is enough, no secret key (which would lose every code
    when the key changed)."""
    return hashlib.sha256(code.encode()).hexdigest()
