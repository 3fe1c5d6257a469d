"""Notification emails through a real SMTP server (aiosmtpd on 127.0.0.1, tests/smtp.py): a job
enqueued once the request commits (never for a rolled-back one) and run here inline from the
real queue (tests/jobs.py); never breaking the user's action; retried by
`flask notifications send`; given up after MAIL_MAX_ATTEMPTS."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from flask import request
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app import create_app
from app.accounts.models import User
from app.clock import utcnow
from app.extensions import db
from app.jobs import job_name
from app.notifications import mail
from app.notifications.mail import FRESH_EMAIL_GRACE, deliver_pending
from app.notifications.models import EmailStatus, Notification, NotificationKind
from app.notifications.services import notify, notify_all
from app.organisations.models import Organisation
from tests.conftest import RequestIsolatingClient
from tests.factories import make_organisation, make_user
from tests.smtp import SMTPServer

# Strings the catalogs already translate: the email is in the recipient's language.
SUBJECT = _l("%(name)s is verified and listed.")
BODY = _l(
    "%(name)s is registered. An administrator will verify it; until then only you can see its page."
)


# --- an app with a route that notifies, the way a real action does ------------------------------


def _notify_route():
    """POST to=<user id>… organisation=<id> [link=…] [then=commit|fail|forget]."""
    organisation = db.session.get(Organisation, request.form.get("organisation", type=int))
    notify_all(
        [db.session.get(User, int(user_id)) for user_id in request.form.getlist("to")],
        NotificationKind.RESULTS_PUBLISHED,
        link=request.form.get("link", "/organisations"),
        subject=SUBJECT,
        body=BODY,
        name=lambda: organisation.name,
    )
    then = request.form.get("then", "commit")
    if then == "fail":
        raise RuntimeError("the action fails after notifying, on purpose")
    if then == "commit":
        db.session.commit()
    return "done"  # "forget": a view that returns without committing


@pytest.fixture(scope="module")
def mail_app(app):
    """An app of its own, for the test route: the session's app has served requests already,
    after which Flask refuses new routes. It uses the same database, and every test's
    transaction still applies (each test replaces `db.session`, which all apps share)."""
    other = create_app(
        "testing",
        overrides={
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "JOBS_URL": app.config["JOBS_URL"],  # its requests enqueue where `jobs` runs them
        },
    )
    other.test_client_class = RequestIsolatingClient
    other.config["PROPAGATE_EXCEPTIONS"] = False  # a failing view gets the real 500 handler
    other.add_url_rule("/_test/notify", view_func=_notify_route, methods=["POST"])
    yield other
    with other.app_context():
        db.engine.dispose()


@pytest.fixture
def smtp(smtp_server, mail_app):
    smtp_server.configure(mail_app)
    return smtp_server


@pytest.fixture
def settings(app, mail_app, smtp):
    """Change settings in both apps for one test: requests run in `mail_app`, while commands
    run in the test's own app context, the session's app. Undone before `smtp` undoes its own."""
    saved = []

    def change(**values):
        for target in (app, mail_app):
            saved.append((target, {name: target.config[name] for name in values}))
            target.config.update(values)

    yield change
    for target, values in reversed(saved):
        target.config.update(values)


class Web:
    """The test client of `mail_app`; after each request the jobs it enqueued run, as the
    worker would run them."""

    def __init__(self, client, jobs) -> None:
        self.client, self.jobs = client, jobs

    def post(self, *args, **kwargs):
        response = self.client.post(*args, **kwargs)
        self.jobs.run()
        return response


@pytest.fixture
def web(mail_app, jobs):
    return Web(mail_app.test_client(), jobs)


@pytest.fixture
def organisation():
    return make_organisation()


def act(web, organisation, *recipients, **form):
    form = {"to": [r.id for r in recipients], "organisation": organisation.id, **form}
    return web.post("/_test/notify", data=form)


def notifications_of(user) -> list[Notification]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
        )
    )


def _text(email) -> str:
    # Text travels with CRLF line ends (MIME's canonical form); compare with Python's.
    return email.get_content().replace("\r\n", "\n")


def send_command(app, *args):
    # The command runs in the app context the test already holds: the session's app.
    return app.test_cli_runner().invoke(args=["notifications", "send", *args])


# --- the email -----------------------------------------------------------------------------------


def test_an_email_goes_out_once_the_request_has_committed(smtp, web, organisation, mail_app):
    recipient = make_user(preferred_language="ko", display_name="김희망")
    response = act(web, organisation, recipient, link="/organisations?page=2")
    assert response.status_code == 200

    (notification,) = notifications_of(recipient)
    assert notification.email_status == EmailStatus.SENT
    assert notification.email_attempts == 1
    assert notification.emailed_at is not None

    (received,) = smtp.received
    assert received.rcpt_tos == [recipient.email]
    email = received.message
    assert email["From"] == mail_app.config["MAIL_SENDER"]
    assert email["To"].addresses[0].addr_spec == recipient.email
    assert email["To"].addresses[0].display_name == "김희망"
    # Korean survives the trip: the header travels encoded, and decodes to the same subject.
    assert email["Subject"] == notification.subject
    assert email["Subject"] == f"{organisation.name_ko}을(를) 인증했고 목록에 올렸습니다."
    assert email["Auto-Submitted"] == "auto-generated"
    assert email["Content-Language"] == "ko"
    assert email.get_content_type() == "text/plain"
    assert email.get_content_charset() == "utf-8"
    body = _text(email)
    assert body.startswith(notification.body + "\n\n")
    site = mail_app.config["SITE_URL"]
    assert f"\n{site}/organisations?page=2\n" in body
    assert "희망 커뮤니티 지도" in body  # the footer, in Korean
    assert f"{site}/notifications" in body


def test_the_raw_message_is_plain_ascii_on_the_wire(smtp, web, organisation):
    """Base64 or quoted-printable body and encoded headers: any relay accepts it."""
    act(web, organisation, make_user(preferred_language="ko"))
    (received,) = smtp.received
    raw = received.message.as_bytes()
    raw.decode("ascii")  # raises if a single 8-bit byte went out
    assert b"=?utf-8?" in raw


def test_an_english_reader_gets_english(smtp, web, organisation):
    recipient = make_user(preferred_language="en")
    act(web, organisation, recipient)
    (email,) = smtp.messages
    assert email["Subject"] == f"{organisation.name_en} is verified and listed."
    assert email["Content-Language"] == "en"
    body = _text(email)
    assert "An administrator will verify it" in body
    assert "Hope Community Map" in body and "희망" not in body


def test_several_people_share_one_connection(smtp, web, organisation):
    people = [make_user(), make_user(preferred_language="en"), make_user()]
    act(web, organisation, *people)
    assert sorted(r.rcpt_tos[0] for r in smtp.received) == sorted(p.email for p in people)
    assert smtp.greetings == 1
    assert all(notifications_of(p)[0].email_status == EmailStatus.SENT for p in people)


def test_a_link_off_the_site_never_goes_into_an_email(smtp, web, organisation, mail_app):
    act(web, organisation, make_user(), link="https://evil.example/phish")
    body = _text(smtp.messages[0])
    assert "evil.example" not in body
    assert f"\n{mail_app.config['SITE_URL']}/notifications\n" in body


def test_a_line_break_in_a_subject_cannot_add_headers(smtp, app, jobs):
    recipient = make_user()
    notify(
        recipient,
        NotificationKind.CONSORTIUM_INVITATION,
        link="/",
        subject="Hello\r\nBcc: someone@evil.example",
        body="Body",
    )
    db.session.commit()
    jobs.run()
    (received,) = smtp.received
    assert received.rcpt_tos == [recipient.email]
    assert received.message["Bcc"] is None
    assert received.message["Subject"] == "Hello Bcc: someone@evil.example"


# --- nothing for what was not committed -----------------------------------------------------------


def test_a_request_that_fails_sends_nothing(smtp, web, organisation):
    recipient = make_user()
    response = act(web, organisation, recipient, then="fail")
    assert response.status_code == 500
    assert notifications_of(recipient) == []
    assert smtp.received == [] and smtp.greetings == 0


def test_a_request_that_does_not_commit_sends_nothing(smtp, web, organisation):
    recipient = make_user()
    response = act(web, organisation, recipient, then="forget")
    assert response.status_code == 200
    assert notifications_of(recipient) == []  # and our bookkeeping did not commit it either
    assert smtp.received == []


def test_without_a_mail_server_no_connection_is_made(smtp, settings, web, organisation, app):
    settings(MAIL_SERVER=None)  # the test server still listens on MAIL_PORT
    recipient = make_user()
    assert act(web, organisation, recipient).status_code == 200
    (notification,) = notifications_of(recipient)
    assert notification.email_status == EmailStatus.NOT_SENT
    assert notification.email_attempts == 0
    assert smtp.greetings == 0 and smtp.received == []
    result = send_command(app)
    assert result.exit_code != 0
    assert "MAIL_SERVER is not set" in result.output


# --- the mail server fails -----------------------------------------------------------------------


def test_server_down_then_the_command_delivers(smtp, web, organisation, app, caplog):
    recipient = make_user()
    with smtp.down(), caplog.at_level(logging.WARNING):
        response = act(web, organisation, recipient)
    assert response.status_code == 200  # the action succeeded
    (notification,) = notifications_of(recipient)
    assert notification.email_status == EmailStatus.PENDING
    assert notification.email_attempts == 1
    assert f"Email for notification {notification.id}" in caplog.text
    assert recipient.email not in caplog.text  # ids in the log, not addresses
    assert smtp.received == []

    result = send_command(app)
    assert result.exit_code == 0, result.output
    assert "1 sent" in result.output
    (notification,) = notifications_of(recipient)
    assert notification.email_status == EmailStatus.SENT
    assert notification.email_attempts == 2
    assert [r.rcpt_tos for r in smtp.received] == [[recipient.email]]

    assert "No email was waiting." in send_command(app).output  # not sent twice


def test_after_the_last_attempt_the_email_is_failed(smtp, settings, web, organisation, app):
    settings(MAIL_MAX_ATTEMPTS=2)
    recipient = make_user()
    with smtp.down():
        act(web, organisation, recipient)
        assert notifications_of(recipient)[0].email_status == EmailStatus.PENDING
        result = send_command(app)
    assert "1 failed for good" in result.output
    (notification,) = notifications_of(recipient)
    assert notification.email_status == EmailStatus.FAILED
    assert notification.email_attempts == 2
    assert "No email was waiting." in send_command(app).output  # given up for good
    assert smtp.received == []


def test_a_refused_address_does_not_stop_the_others(smtp, web, organisation):
    refused, accepted = make_user(), make_user()
    smtp.refuse(refused.email)
    act(web, organisation, refused, accepted)
    assert notifications_of(accepted)[0].email_status == EmailStatus.SENT
    failed = notifications_of(refused)[0]
    assert (failed.email_status, failed.email_attempts) == (EmailStatus.PENDING, 1)
    assert [r.rcpt_tos for r in smtp.received] == [[accepted.email]]


def test_an_unexpected_error_fails_the_job_not_the_action(
    smtp, web, organisation, monkeypatch, caplog, jobs
):
    def broken(notification):
        raise RuntimeError("a bug while building the email")

    monkeypatch.setattr(mail, "build_message", broken)
    recipient = make_user()
    with caplog.at_level(logging.ERROR):
        response = act(web, organisation, recipient)
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "done"
    assert "Unhandled exception in task" in caplog.text  # the worker's log
    # The notification itself was committed by the action; its email waits for the retry.
    assert notifications_of(recipient)[0].email_status == EmailStatus.PENDING
    (retry,) = jobs.scheduled()
    assert job_name(retry) == "app.notifications.tasks.deliver_emails"


def test_a_deactivated_account_gets_no_email(smtp, web, organisation):
    recipient = make_user(is_active_account=False)
    act(web, organisation, recipient)
    assert notifications_of(recipient)[0].email_status == EmailStatus.NOT_SENT
    assert smtp.received == []


@pytest.mark.parametrize(("password", "sent"), [("right password", True), ("wrong", False)])
def test_the_server_may_ask_for_a_login(app, mail_app, web, organisation, password, sent):
    server = SMTPServer(credentials=("hopemap", "right password"))
    server.start()
    try:
        for target in (app, mail_app):  # the request's app, and the app that runs the job
            server.configure(target)  # undone by server.stop()
            target.config.update(MAIL_USERNAME="hopemap", MAIL_PASSWORD=password)
        recipient = make_user()
        act(web, organisation, recipient)
        (notification,) = notifications_of(recipient)
        expected = EmailStatus.SENT if sent else EmailStatus.PENDING
        assert (notification.email_status, notification.email_attempts) == (expected, 1)
        assert len(server.received) == (1 if sent else 0)
    finally:
        server.stop()


# --- outside requests: CLI commands that notify, and the retry command ------------------------


def test_a_command_enqueues_after_its_commit_and_nothing_when_rolled_back(smtp, jobs):
    """What a CLI command or a periodic task (e.g. announcing results) does: notify, commit."""
    recipient, other = make_user(), make_user()
    kept = notify(recipient, NotificationKind.RESULTS_PUBLISHED, link="/", subject="s", body="b")
    rolled_back = notify(other, NotificationKind.RESULTS_PUBLISHED, link="/", subject="s", body="b")
    assert jobs.waiting() == 0  # nothing before the commit
    db.session.commit()
    assert jobs.names() == ["app.notifications.tasks.deliver_emails"]  # one job for both

    yet_another = notify(other, NotificationKind.RESULTS_PUBLISHED, link="/", subject="t", body="b")
    rolled_back_id = yet_another.id
    db.session.rollback()
    db.session.commit()  # a later, empty commit does not bring it back
    assert jobs.waiting() == 1

    assert jobs.run() == 1
    assert sorted(r.rcpt_tos[0] for r in smtp.received) == sorted([recipient.email, other.email])
    assert deliver_pending([rolled_back_id, kept.id, rolled_back.id]).sent == 0  # gone, or sent
    assert len(smtp.received) == 2


def test_the_command_leaves_fresh_untried_emails_to_their_request(smtp, app):
    recipient = make_user()
    fresh = notify(recipient, NotificationKind.RESULTS_PUBLISHED, link="/", subject="s", body="b")
    stale = notify(recipient, NotificationKind.RESULTS_PUBLISHED, link="/", subject="t", body="b")
    stale.created_at = utcnow() - FRESH_EMAIL_GRACE - timedelta(seconds=1)
    db.session.commit()
    assert "1 sent" in send_command(app).output
    assert [m["Subject"] for m in smtp.messages] == ["t"]
    db.session.expire_all()
    assert fresh.email_status == EmailStatus.PENDING


def test_the_command_sends_the_oldest_first_up_to_the_limit(smtp, app):
    recipient = make_user()
    for subject in ("first", "second", "third"):
        notification = notify(
            recipient, NotificationKind.RESULTS_PUBLISHED, link="/", subject=subject, body="b"
        )
        notification.email_attempts = 1  # tried once already, when the server was down
    db.session.commit()
    result = send_command(app, "--limit", "2")
    assert "2 sent" in result.output
    assert [m["Subject"] for m in smtp.messages] == ["first", "second"]
    assert send_command(app, "--limit", "0").exit_code != 0
