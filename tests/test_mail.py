"""app.mail: an email given to send_after_commit becomes a job when the transaction commits,
never when it rolls back (a refused or failed action says nothing by email); the worker sends
it, and tries again while the mail server does not take it."""

from __future__ import annotations

from email.headerregistry import Address

from sqlalchemy import select

from app.accounts.models import User
from app.extensions import db
from app.mail import new_message, send_after_commit
from tests.factories import make_user


def _message(subject: str):
    return new_message(
        to=Address(addr_spec="someone@example.org"),
        subject=subject,
        body="본문",
        language="ko",
        kind="test",
    )


def test_an_email_leaves_only_when_its_transaction_commits(app, smtp_server, jobs):
    with app.test_request_context():
        make_user()
        send_after_commit(db.session(), _message("rolled back"))
        db.session.rollback()
        assert jobs.waiting() == 0
        db.session.scalar(select(User.id).limit(1))  # a new transaction
        send_after_commit(db.session(), _message("committed"))
        assert jobs.waiting() == 0  # not before the commit
        db.session.commit()
        assert jobs.names() == ["app.mail.send_email"]
        assert smtp_server.messages == []  # the request did not talk to the mail server
        db.session.commit()
        assert jobs.waiting() == 1  # enqueued once
    jobs.run()
    assert [m["Subject"] for m in smtp_server.messages] == ["committed"]
    assert smtp_server.messages[0]["Content-Language"] == "ko"


def test_a_mail_server_that_is_down_does_not_fail_the_commit(app, smtp_server, jobs, caplog):
    with app.test_request_context():
        send_after_commit(db.session(), _message("later"))
        db.session.commit()
    with smtp_server.down():
        jobs.run()
    assert smtp_server.messages == []
    assert any("not sent" in record.getMessage() for record in caplog.records)
    (retry,) = jobs.scheduled()  # the queue tries again later
    jobs.run_retries()
    assert [m["Subject"] for m in smtp_server.messages] == ["later"]
