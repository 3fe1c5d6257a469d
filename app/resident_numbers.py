"""Resident registration numbers (주민등록번호) are never collected (PIPA art. 24-2).

Every text field of every form refuses text holding one (app.forms.SiteForm applies the check),
with an explanation at the field. The pattern is the number's shape, six digits (the birth
date) and seven beginning with 1-4, with or without a hyphen, also with spaces around it or
typed in full-width digits (read after NFKC). It runs in linear time: every repetition is
bounded, and a digit run is tried only where it starts.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

RESIDENT_NUMBER = re.compile(r"(?<!\d)\d{6}\s{0,2}[-\u2010-\u2015\u2212]?\s{0,2}[1-4]\d{6}(?!\d)")

REFUSAL = _l(
    "We do not take resident registration numbers: this looks like one. Please remove it. "
    "No one on this site needs it, and the law lets only public bodies collect it."
)


def holds_resident_number(text: str | None) -> bool:
    if not text:
        return False
    return RESIDENT_NUMBER.search(unicodedata.normalize("NFKC", text)) is not None


def refuse_resident_numbers(_form: Any, field: Any) -> None:
    """A WTForms validator: text holding a resident registration number is refused."""
    if isinstance(field.data, str) and holds_resident_number(field.data):
        raise ValidationError(REFUSAL)
