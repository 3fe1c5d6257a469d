"""app.mail: an email queued with send_after_commit leaves when the transaction commits, and
never when it rolls back (a refused or failed action says nothing by email)."""

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


def test_an_email_leaves_only_when_its_transaction_commits(app, smtp_server):
    with app.test_request_context():
        make_user()
        send_after_commit(db.session(), _message("rolled back"))
        db.session.rollback()
        assert smtp_server.messages == []
        db.session.scalar(select(User.id).limit(1))  # a new transaction
        send_after_commit(db.session(), _message("committed"))
        assert smtp_server.messages == []  # not before the commit
        db.session.commit()
        assert [m["Subject"] for m in smtp_server.messages] == ["committed"]
        db.session.commit()
        assert len(smtp_server.messages) == 1  # sent once


def test_a_mail_server_that_is_down_does_not_fail_the_commit(app, smtp_server, caplog):
    with app.test_request_context(), smtp_server.down():
        send_after_commit(db.session(), _message("lost"))
        db.session.commit()
    assert smtp_server.messages == []
    assert any("not sent" in record.getMessage() for record in caplog.records)
