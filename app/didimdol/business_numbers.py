"""Korean business registration numbers (사업자등록번호): 10 digits, the last a check digit.

The National Tax Service's weights 1,3,7,1,3,7,1,3,5 and the extra tenth of the ninth digit's
product; python-stdnum's `stdnum.kr.brn` does the same and can replace this once installed.
"""

from __future__ import annotations

import re

WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)


def digits_of(text: str) -> str:
    return re.sub(r"[\s-]", "", text)


def is_valid(text: str) -> bool:
    number = digits_of(text)
    if not re.fullmatch(r"\d{10}", number):
        return False
    digits = [int(d) for d in number]
    total = sum(w * d for w, d in zip(WEIGHTS, digits, strict=False))
    total += (digits[8] * 5) // 10
    return (10 - total % 10) % 10 == digits[9]


def formatted(number: str) -> str:
    """123-45-67890, as it is printed on the certificate."""
    return f"{number[:3]}-{number[3:5]}-{number[5:]}"
