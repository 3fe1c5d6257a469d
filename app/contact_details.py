"""Phone numbers and email addresses in text that will be public.

A need or a success story is public: a phone number or an email address in it could identify
a vulnerable person. Names and addresses cannot be recognised reliably; the forms ask people
not to write them. Digits are matched with look-arounds, not \\b: Hangul letters are word
characters, so "01012345678로" has no word boundary after the 8.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from wtforms.validators import ValidationError

_SEPARATOR = r"[\s.\-\u2010-\u2015\uff0d)(]*+"  # possessive: digits follow a separator
PHONE_PATTERN = re.compile(
    r"(?<!\d)(?:"
    rf"\+{_SEPARATOR}82{_SEPARATOR}\d{{1,2}}{_SEPARATOR}\d{{3,4}}{_SEPARATOR}\d{{4}}"  # +82 …
    rf"|0\d{{1,2}}{_SEPARATOR}\d{{3,4}}{_SEPARATOR}\d{{4}}"  # 010-1234-5678, 02-123-4567
    r"|\d{11,}"  # eleven digits or more in a row
    r")(?!\d)"
)
# Linear time on any input: the local part may only start where a run of its characters
# starts, and no part gives characters back (possessive quantifiers). Without that, a long run
# of letters with no "@" was tried from every position, each try scanning to the run's end:
# quadratic, 2.5 s for 20,000 letters.
EMAIL_PATTERN = re.compile(r"(?<![\w.+\-])[\w.+\-]++\s*+@\s*+[\w\-]++(?:\.[\w\-]++)++")


def contact_detail_in(text: str | None) -> str | None:
    """Which kind of contact detail the text holds ("phone" or "email"), or None."""
    if not text:
        return None
    if PHONE_PATTERN.search(text):
        return "phone"
    if EMAIL_PATTERN.search(text):
        return "email"
    return None


class NoContactDetails:
    """A form validator for text that will be public: refuses a phone number or an email
    address, each with its message (saying who can read the text). `applies(form)` limits it
    (a need's text, not an organisation's offer)."""

    def __init__(
        self,
        phone_message: Any,
        email_message: Any,
        applies: Callable[[Any], bool] = lambda form: True,
    ) -> None:
        self.messages = {"phone": phone_message, "email": email_message}
        self.applies = applies

    def __call__(self, form: Any, field: Any) -> None:
        if not self.applies(form):
            return
        kind = contact_detail_in(field.data)
        if kind is not None:
            raise ValidationError(self.messages[kind])
