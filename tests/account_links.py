"""The links of account emails (tests/smtp.py's mailbox): a forgotten password, a new address.

reset_path(message), email_change_path(message)   # the link's path, for a test client or page
"""

from __future__ import annotations

import re
from email.message import EmailMessage
from urllib.parse import urlsplit

from tests.registration import body_of

RESET_LINK = re.compile(r"https?://\S+/password/reset/\S+")
EMAIL_CHANGE_LINK = re.compile(r"https?://\S+/account/email/confirm/\S+")


def _path(message: EmailMessage, pattern: re.Pattern[str]) -> str:
    (link,) = pattern.findall(body_of(message))
    return urlsplit(link).path


def reset_path(message: EmailMessage) -> str:
    return _path(message, RESET_LINK)


def email_change_path(message: EmailMessage) -> str:
    return _path(message, EMAIL_CHANGE_LINK)
