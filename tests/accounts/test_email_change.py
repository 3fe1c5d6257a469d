"""Changing an account's email address: only the link sent to the new address changes it, the
old address is told, and an address that has an account is never revealed on the page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from app.accounts.models import EmailChange, User
from app.clock import utcnow
from app.extensions import db
from tests.account_links import email_change_path, reset_path
from tests.factories import PASSWORD, field_error, login, make_user, reload
from tests.registration import body_of, emails_to

EN = {"Accept-Language": "en"}
CSRF_TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="[^"]*"')

pytestmark = pytest.mark.usefixtures("worker_delivers")


def changes() -> int:
    return db.session.scalar(select(func.count(EmailChange.id)))


def ask(client, new_email: str, password: str = PASSWORD):
    return client.post(
        "/account/email",
        data={"new_email": new_email, "current_password": password},
        headers=EN,
    )


def signed_in(app, **fields) -> tuple[User, object]:
    user = make_user(**fields)
    client = app.test_client()
    login(client, user)
    client.get("/")  # the login's flash message is shown here, not on a page a test compares
    return user, client


def change_link(client, smtp_server, new_email: str) -> str:
    assert ask(client, new_email).status_code == 302
    return email_change_path(emails_to(smtp_server, new_email.lower())[-1])


def test_the_link_to_the_new_address_changes_it_and_the_old_address_is_told(app, smtp_server):
    user, client = signed_in(app, email="old@example.org", preferred_language="en")
    path = change_link(client, smtp_server, "New@Example.org")
    assert reload(user).email == "old@example.org"  # nothing changes before the link
    (link,) = emails_to(smtp_server, "new@example.org")
    assert link["Subject"] == "Confirm your new email address on Hope Community Map"
    assert "within 24 hours" in body_of(link)
    page = client.get(path, headers=EN).get_data(as_text=True)
    assert "new@example.org" in page and "Use the new address" in page
    assert reload(user).email == "old@example.org"  # opening the link is not enough
    response = client.post(path, headers=EN)
    assert response.status_code == 302 and response.headers["Location"] == "/account"
    assert reload(user).email == "new@example.org"
    (told,) = emails_to(smtp_server, "old@example.org")
    assert told["Subject"] == "Your account's email address was changed"
    assert "http://127.0.0.1:8000/" in body_of(told)  # where to turn (no SUPPORT_EMAIL set)
    assert "new@example.org" not in body_of(told)
    assert changes() == 0


def test_the_old_address_is_told_where_to_write_when_support_is_set(app, smtp_server):
    app.config["SUPPORT_EMAIL"] = "help@hopemap.example"
    try:
        _user, client = signed_in(app, email="old@example.org")
        client.post(change_link(client, smtp_server, "new@example.org"))
    finally:
        app.config["SUPPORT_EMAIL"] = None
    (told,) = emails_to(smtp_server, "old@example.org")
    assert told["Content-Language"] == "ko"
    assert "help@hopemap.example" in body_of(told)


def test_an_address_with_an_account_gets_the_same_answer_and_its_owner_is_told(app, smtp_server):
    make_user(email="taken@example.org", preferred_language="en")
    _user, client = signed_in(app)

    def answer(address: str) -> tuple[int, str, str]:
        response = ask(client, address)
        page = client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
        return (
            response.status_code,
            response.headers["Location"],
            CSRF_TOKEN.sub("", page).replace(address, "@"),
        )

    assert answer("taken@example.org") == answer("free@example.org")
    (notice,) = emails_to(smtp_server, "taken@example.org")
    assert notice["Subject"] == "Somebody tried to move their account to your email address"
    assert "/account/email/confirm/" not in body_of(notice)
    assert changes() == 1  # only the free address waits


@pytest.mark.parametrize(
    ("new_email", "password", "field", "message"),
    [
        ("not an address", PASSWORD, "new_email", "Enter a valid email address."),
        ("", PASSWORD, "new_email", "Enter your new email address."),
        ("free@example.org", "not my password", "current_password", "not correct"),
        ("free@example.org", "", "current_password", "Enter your current password."),
        ("ME@example.org", PASSWORD, "new_email", "This is already your email address."),
    ],
)
def test_bad_input_is_answered_at_the_field(app, smtp_server, new_email, password, field, message):
    _user, client = signed_in(app, email="me@example.org")
    response = ask(client, new_email, password)
    assert response.status_code == 200
    assert message in field_error(response.get_data(as_text=True), field)
    assert smtp_server.messages == [] and changes() == 0


def test_the_link_works_only_for_its_own_account(app, smtp_server):
    user, client = signed_in(app, email="owner@example.org")
    path = change_link(client, smtp_server, "new@example.org")
    _other, other_client = signed_in(app)
    assert other_client.get(path).status_code == 404
    assert other_client.post(path).status_code == 404
    assert app.test_client().get(path).status_code == 302  # to log in first
    assert reload(user).email == "owner@example.org"
    assert client.post(path).status_code == 302


def test_the_link_works_once(app, smtp_server):
    user, client = signed_in(app)
    first = change_link(client, smtp_server, "first@example.org")
    second = change_link(client, smtp_server, "second@example.org")
    assert client.post(second).status_code == 302
    for path in (first, second):
        response = client.post(path, headers=EN)
        assert response.status_code == 404
        assert "This link does not work" in response.get_data(as_text=True)
    assert reload(user).email == "second@example.org"


def test_a_link_expires(app, smtp_server):
    user, client = signed_in(app, email="owner@example.org")
    path = change_link(client, smtp_server, "new@example.org")
    db.session.execute(
        update(EmailChange).values(created_at=utcnow() - timedelta(hours=24, minutes=1))
    )
    assert client.get(path).status_code == 404
    assert client.post(path).status_code == 404
    assert reload(user).email == "owner@example.org"


def test_an_address_taken_after_the_link_was_sent_is_refused(app, smtp_server):
    user, client = signed_in(app, email="owner@example.org")
    path = change_link(client, smtp_server, "new@example.org")
    make_user(email="new@example.org")
    response = client.post(path, headers=EN)
    assert response.status_code == 200
    assert "An account with this email already exists." in response.get_data(as_text=True)
    assert reload(user).email == "owner@example.org"


def test_a_password_reset_ends_waiting_changes(app, smtp_server):
    """A change asked for from a login that a reset ended must not finish later."""
    user, client = signed_in(app, email="owner@example.org")
    path = change_link(client, smtp_server, "attacker@example.org")
    app.test_client().post("/password/forgot", data={"email": "owner@example.org"})
    reset = reset_path(emails_to(smtp_server, "owner@example.org")[-1])
    new = "a brand new passphrase"
    assert client.post(reset, data={"new_password": new, "confirm": new}).status_code == 302
    assert client.post(path).status_code == 404
    assert reload(user).email == "owner@example.org"


def test_the_account_page_leads_to_the_form(app):
    _user, client = signed_in(app)
    page = client.get("/account", headers=EN).get_data(as_text=True)
    assert 'href="/account/email"' in page
