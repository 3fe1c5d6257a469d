"""Registering the way a person does: the form, then the link in the email (tests/smtp.py).

finish_registering(client, smtp_server, email=…, …)   # signed in afterwards
"""

from __future__ import annotations

import re
from email.message import EmailMessage
from urllib.parse import urlsplit

LINK = re.compile(r"https?://\S+/register/confirm/\S+")

REGISTRATION = {
    "email": "new.person@example.org",
    "display_name": "새 이웃",
    "password": "a long enough passphrase",
    "confirm": "a long enough passphrase",
    "preferred_language": "",
}


def body_of(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content().replace("\r\n", "\n")


def link_path(message: EmailMessage) -> str:
    """The path of the registration link in an email (the site's address is SITE_URL)."""
    (link,) = LINK.findall(body_of(message))
    return urlsplit(link).path


def emails_to(smtp_server, address: str) -> list[EmailMessage]:
    return [m for m in smtp_server.messages if m["To"].addresses[0].addr_spec == address]


def finish_registering(client, smtp_server, **fields) -> str:
    """Register through the form and follow the emailed link; the client is signed in.
    Gives the link's path."""
    data = REGISTRATION | fields
    response = client.post("/register", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    path = link_path(emails_to(smtp_server, data["email"].strip().lower())[-1])
    assert client.post(path, data={"password": data["password"]}).status_code == 302
    return path
