"""Phone numbers and email addresses in text that will be public.

A need or a success story is public: a phone number or an email address in it could identify
a vulnerable person. Names and addresses cannot be recognised reliably; the forms ask people
not to write them. Digits are matched with look-arounds, not \\b: Hangul letters are word
characters, so "01012345678로" has no word boundary after the 8.
"""

from __future__ import annotations

import re

_SEPARATOR = r"[\s.\-\u2010-\u2015\uff0d)(]*"
PHONE_PATTERN = re.compile(
    r"(?<!\d)(?:"
    rf"\+{_SEPARATOR}82{_SEPARATOR}\d{{1,2}}{_SEPARATOR}\d{{3,4}}{_SEPARATOR}\d{{4}}"  # +82 …
    rf"|0\d{{1,2}}{_SEPARATOR}\d{{3,4}}{_SEPARATOR}\d{{4}}"  # 010-1234-5678, 02-123-4567
    r"|\d{11,}"  # eleven digits or more in a row
    r")(?!\d)"
)
EMAIL_PATTERN = re.compile(r"[\w.+\-]+\s*@\s*[\w\-]+(?:\.[\w\-]+)+")


def contact_detail_in(text: str | None) -> str | None:
    """Which kind of contact detail the text holds ("phone" or "email"), or None."""
    if not text:
        return None
    if PHONE_PATTERN.search(text):
        return "phone"
    if EMAIL_PATTERN.search(text):
        return "email"
    return None
