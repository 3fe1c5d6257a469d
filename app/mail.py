"""Email through the SMTP server in the configuration (MAIL_*): building a message, connecting,
and sending one only once the change that caused it has been committed.

Two kinds of email use it: notifications (app.notifications.mail, whose rows are an outbox
that `flask notifications send` retries) and the account emails (app.accounts.emails), which
go with `send_after_commit`: a job (app.jobs) enqueued when the request's session commits,
never when it rolls back, and sent by the worker, which tries again when the server does not
take it. Without MAIL_SERVER (the embedded development set-up) such an email is written
to the application log instead, link and all, so that a developer can still follow it.

Nothing here raises an SMTP or network error to its caller: a mail server that is down must
not turn somebody's action into an error page.
"""

from __future__ import annotations

import smtplib
import ssl
from email import message_from_string
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import format_datetime, make_msgid, parseaddr
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy.orm import Session

from app.clock import utcnow
from app.extensions import db
from app.jobs import enqueue_after_commit, job

# Non-ASCII bodies (Korean) go as base64 or quoted-printable, never raw 8-bit: some relays still
# refuse 8-bit mail, and the headers are RFC 2047-encoded either way.
MESSAGE_POLICY = SMTP_POLICY.clone(cte_type="7bit")


def mail_configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def site_address(path: str) -> str:
    """An absolute address on this site (SITE_URL + a path of ours), for emails, feeds and
    exports: never the Host a request happened to name, which a proxy or a forger chooses."""
    return current_app.config["SITE_URL"].rstrip("/") + path


def sender_domain() -> str:
    # Given, so that make_msgid() does not ask the DNS for this machine's name on every email.
    address = parseaddr(current_app.config["MAIL_SENDER"])[1]
    return address.rpartition("@")[2] or "localhost"


def new_message(*, to: Address, subject: str, body: str, language: str, kind: str) -> EmailMessage:
    """A plain-text email from the site; `kind` names it in its Message-ID."""
    message = EmailMessage(policy=MESSAGE_POLICY)
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = to
    # A header is one line: a title typed with a line break must not add headers.
    message["Subject"] = " ".join(subject.split())
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = make_msgid(kind, domain=sender_domain())
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: autoresponders should not answer
    message.set_content(body, charset="utf-8")
    message["Content-Language"] = language  # after set_content(), which clears Content-*
    return message


def connect() -> smtplib.SMTP:
    config = current_app.config
    host, port = config["MAIL_SERVER"], config["MAIL_PORT"]
    timeout = config["MAIL_TIMEOUT_SECONDS"]
    # Our own name in EHLO; the default looks it up in the DNS, which can take seconds.
    local_name = urlsplit(config["SITE_URL"]).hostname or "localhost"
    if config["MAIL_USE_SSL"]:
        context = ssl.create_default_context()
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            host, port, local_hostname=local_name, timeout=timeout, context=context
        )
    else:
        smtp = smtplib.SMTP(host, port, local_hostname=local_name, timeout=timeout)
    try:
        if config["MAIL_USE_STARTTLS"]:
            smtp.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
    except BaseException:
        smtp.close()
        raise
    return smtp


def deliver(message: EmailMessage) -> bool:
    """Send one email now; True when the server took it. Without MAIL_SERVER it goes to the
    log instead (development: the link in it is the only way to finish)."""
    if not mail_configured():
        current_app.logger.warning(
            "MAIL_SERVER is not set, so this email was written here instead of sent:\n"
            "To: %s\nSubject: %s\n\n%s",
            message["To"],
            message["Subject"],
            message.get_content(),
        )
        return False
    try:
        with connect() as smtp:
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException, ValueError) as error:
        # The kind of email, not the address: logs are read by more people than the mailbox.
        current_app.logger.warning("Email %s not sent: %r", message["Message-ID"], error)
        return False
    return True


# --- after the commit, in the background -------------------------------------------------------


@job(
    retries=lambda config: config["MAIL_MAX_ATTEMPTS"] - 1,
    retry_delay=lambda config: config["MAIL_RETRY_DELAY_SECONDS"],
    retry_backoff=2,
)
def send_email(raw: str) -> None:
    """The worker sends one email (the message as text: jobs take plain values). A server that
    does not take it raises, so the queue tries again later with a growing delay."""
    message = message_from_string(raw, policy=MESSAGE_POLICY)
    # (Without MAIL_SERVER, deliver() writes it to the log: nothing to try again.)
    sent = deliver(message)
    if not sent and mail_configured():
        raise EmailNotSent(message["Message-ID"])


class EmailNotSent(Exception):
    """The mail server did not take an email (the reason is in the log)."""


def send_after_commit(session: Session, message: EmailMessage) -> None:
    """Send `message` from the worker once `session` commits; a rollback (a refused action, an
    error) drops it. The request never waits for the mail server."""
    if session is not db.session():
        raise ValueError("emails leave with the request's own session")
    enqueue_after_commit(send_email, message.as_string())
