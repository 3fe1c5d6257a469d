"""A real SMTP server for tests: aiosmtpd on 127.0.0.1, keeping what it receives.

    def test_something(smtp_server, client):
        ...                                   # the app now sends its email to this server
        (email,) = smtp_server.messages       # email.message.EmailMessage, parsed
        with smtp_server.down():              # the app's MAIL_PORT points where nobody listens
            ...

    def test_other(silent_smtp_server, client):   # accepts connections, never says a word
        ...

Made available to every test by `pytest_plugins` in conftest.py.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from flask import Flask

HOST = "127.0.0.1"
MAIL_SETTINGS = (
    "MAIL_SERVER",
    "MAIL_PORT",
    "MAIL_USE_SSL",
    "MAIL_USE_STARTTLS",
    "MAIL_USERNAME",
    "MAIL_PASSWORD",
)


def unused_port() -> int:
    """A port nothing listens on (the system just handed it out and it was closed again)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@dataclass
class ReceivedEmail:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage


@dataclass
class Mailbox:
    """The aiosmtpd handler: accepts everything except the addresses in `refused`."""

    received: list[ReceivedEmail] = field(default_factory=list)
    refused: set[str] = field(default_factory=set)
    greetings: int = 0  # EHLOs: how many times a client connected and said hello

    async def handle_EHLO(self, server, session, envelope, hostname, responses):  # noqa: N802
        self.greetings += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address in self.refused:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        message = message_from_bytes(envelope.original_content, policy=default_policy)
        self.received.append(ReceivedEmail(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


class SMTPServer:
    def __init__(self, credentials: tuple[str, str] | None = None) -> None:
        """With `credentials` (user name, password), the server offers AUTH (over plain text:
        a test has no certificate) and refuses any other name or password."""
        self.mailbox = Mailbox()
        self.port = unused_port()
        options = {}
        if credentials:
            options = {"authenticator": _authenticator(*credentials), "auth_require_tls": False}
        self._controller = Controller(self.mailbox, hostname=HOST, port=self.port, **options)
        self._saved: list[tuple[Flask, dict]] = []
        # Set by the `worker_delivers` fixture: the background worker's turn (it runs the jobs
        # waiting in the queue) before each look into the mailbox.
        self.worker: Callable[[], object] | None = None

    @property
    def greetings(self) -> int:
        return self.mailbox.greetings

    @property
    def received(self) -> list[ReceivedEmail]:
        """Envelopes and messages, in the order they arrived."""
        if self.worker is not None:
            self.worker()
        return self.mailbox.received

    @property
    def messages(self) -> list[EmailMessage]:
        return [email.message for email in self.received]

    def refuse(self, address: str) -> None:
        """Answer 550 to RCPT TO for this address (a per-message failure)."""
        self.mailbox.refused.add(address)

    def configure(self, app: Flask) -> None:
        """Point this app's email at the server (undone when the test ends)."""
        self._saved.append((app, {name: app.config.get(name) for name in MAIL_SETTINGS}))
        app.config.update(
            MAIL_SERVER=HOST,
            MAIL_PORT=self.port,
            MAIL_USE_SSL=False,
            MAIL_USE_STARTTLS=False,
            MAIL_USERNAME=None,
            MAIL_PASSWORD=None,
        )

    @contextlib.contextmanager
    def down(self) -> Iterator[None]:
        """For the duration, every configured app's mail server refuses connections."""
        apps = [app for app, _ in self._saved]
        for app in apps:
            app.config["MAIL_PORT"] = unused_port()
        try:
            yield
        finally:
            for app in apps:
                app.config["MAIL_PORT"] = self.port

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()
        for app, saved in reversed(self._saved):
            app.config.update(saved)
        self._saved.clear()


class SilentSMTPServer:
    """A mail server that accepts connections and never answers (not even the greeting): what
    an operator saw hang every action that sent email for MAIL_TIMEOUT_SECONDS."""

    def __init__(self) -> None:
        self._listener = socket.create_server((HOST, 0))
        self.port = self._listener.getsockname()[1]
        self._connections: list[socket.socket] = []
        self._saved: list[tuple[Flask, dict]] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)

    @property
    def connections(self) -> int:
        """How many clients connected (and were left waiting)."""
        return len(self._connections)

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self._listener.accept()
            except OSError:
                return  # closed by stop()
            self._connections.append(connection)  # held open, never written to

    def configure(self, app: Flask, timeout: float = 0.5) -> None:
        """Point this app's email here, with a short timeout (undone by stop())."""
        names = (*MAIL_SETTINGS, "MAIL_TIMEOUT_SECONDS")
        self._saved.append((app, {name: app.config.get(name) for name in names}))
        app.config.update(
            MAIL_SERVER=HOST,
            MAIL_PORT=self.port,
            MAIL_USE_SSL=False,
            MAIL_USE_STARTTLS=False,
            MAIL_USERNAME=None,
            MAIL_PASSWORD=None,
            MAIL_TIMEOUT_SECONDS=timeout,
        )

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
        self._listener.close()
        for connection in self._connections:
            connection.close()
        for app, saved in reversed(self._saved):
            app.config.update(saved)
        self._saved.clear()


def _authenticator(user: str, password: str):
    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
            user.encode(),
            password.encode(),
        )
        return AuthResult(success=ok, handled=False)  # False: aiosmtpd answers 535 itself

    return authenticate


@pytest.fixture
def smtp_server(app) -> Iterator[SMTPServer]:
    """A running SMTP server on 127.0.0.1 that the session's app sends its email to."""
    server = SMTPServer()
    server.start()
    server.configure(app)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def worker_delivers(smtp_server, jobs) -> SMTPServer:
    """For tests about what an email says rather than when it leaves: every look into the
    mailbox first lets the worker run the jobs waiting (the emails are jobs, app.jobs)."""
    smtp_server.worker = jobs.run
    return smtp_server


@pytest.fixture
def silent_smtp_server(app) -> Iterator[SilentSMTPServer]:
    """A mail server on 127.0.0.1 that accepts connections and never answers."""
    server = SilentSMTPServer()
    server.start()
    server.configure(app)
    try:
        yield server
    finally:
        server.stop()
