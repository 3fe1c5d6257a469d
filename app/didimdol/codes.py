"""Voucher codes: 16 random Crockford base32 symbols (80 bits: unguessable) and one mod-37 check
symbol, printed in groups of four (ABCD-EFGH-JKMN-PQRS-T).

Crockford's alphabet leaves out I, L, O and U, so a code read aloud or copied by hand survives
the usual slips: typing is forgiving (lower case, spaces and dashes, I and L for 1, O for 0),
and the check symbol catches a wrong or swapped character before it counts as a wrong code.
Written here because the PyPI packages for it are unmaintained or not installed; it is the whole
algorithm from https://www.crockford.com/base32.html.
"""

from __future__ import annotations

import secrets

SYMBOLS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CHECK_SYMBOLS = SYMBOLS + "*~$=U"  # 37 of them: a prime, so single errors always show
BODY_LENGTH = 16
GROUP = 4
_TYPED_ALIKE = str.maketrans({"I": "1", "L": "1", "O": "0"})


def _value(body: str) -> int:
    number = 0
    for symbol in body:
        number = number * 32 + SYMBOLS.index(symbol)
    return number


def check_symbol(body: str) -> str:
    return CHECK_SYMBOLS[_value(body) % 37]


def new_code() -> str:
    """A fresh code in its normal form (no dashes)."""
    body = "".join(secrets.choice(SYMBOLS) for _ in range(BODY_LENGTH))
    return body + check_symbol(body)


def normalise(typed: str) -> str | None:
    """The normal form of a typed or scanned code, or None when it cannot be one (wrong length,
    a symbol outside the alphabet, or a check symbol that does not match: a typo)."""
    text = "".join(typed.split()).replace("-", "").upper().translate(_TYPED_ALIKE)
    if len(text) != BODY_LENGTH + 1:
        return None
    body, check = text[:-1], text[-1]
    if any(symbol not in SYMBOLS for symbol in body) or check not in CHECK_SYMBOLS:
        return None
    return text if check_symbol(body) == check else None


def grouped(code: str) -> str:
    """For print: ABCD-EFGH-JKMN-PQRS-T."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))
