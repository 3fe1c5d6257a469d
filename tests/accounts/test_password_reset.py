"""A forgotten password, reset through an emailed link: the same answer whether or not the
address has an account; the link is signed, expires, works once; the new password ends every
other login and is announced by email; the rate limits."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import func, select, update

from app.accounts import password_reset as password_reset_module
from app.accounts import registration as registration_module
from app.accounts.models import PasswordReset, User, login_key_hash
from app.accounts.services import authenticate
from app.clock import utcnow
from app.extensions import db
from tests.account_links import reset_path
from tests.factories import PASSWORD, field_error, login, make_user, reload
from tests.registration import body_of, emails_to

EN = {"Accept-Language": "en"}
NEW_PASSWORD = "a brand new passphrase"
NEW = {"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
CSRF_TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="[^"]*"')

pytestmark = pytest.mark.usefixtures("worker_delivers")


def resets() -> int:
    return db.session.scalar(select(func.count(PasswordReset.id)))


def ask(client, email: str):
    return client.post("/password/forgot", data={"email": email}, headers=EN)


def answer_of(client, email: str) -> tuple[int, str, str]:
    """Status, where it sends the browser, and the page there, without the address itself
    and the browser's own CSRF token."""
    response = ask(client, email)
    page = client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
    return (
        response.status_code,
        response.headers["Location"],
        CSRF_TOKEN.sub("", page).replace(email, "@"),
    )


def can_log_in(email: str, password: str) -> bool:
    db.session.expire_all()  # what the requests wrote, not what this session read before
    return authenticate(email, password) is not None


def reset_link(client, smtp_server, user: User) -> str:
    assert ask(client, user.email).status_code == 302
    return reset_path(emails_to(smtp_server, user.email)[-1])


# --- asking -------------------------------------------------------------------------------


def test_the_answer_is_the_same_whether_or_not_the_address_has_an_account(app, smtp_server):
    make_user(email="owner@example.org")
    known = answer_of(app.test_client(), "owner@example.org")
    unknown = answer_of(app.test_client(), "nobody@example.org")
    assert known == unknown
    assert known[:2] == (302, "/login")
    assert "If an account exists for @, we sent a link to it" in known[2]
    # Only the account's address gets an email, and only it waits.
    assert [m["To"].addresses[0].addr_spec for m in smtp_server.messages] == ["owner@example.org"]
    assert resets() == 1


def test_the_request_does_the_same_for_every_address(client, jobs):
    """Whether the address has an account is the worker's business: the answer's time
    cannot tell (bench/password_reset_timing.py has the figures)."""
    make_user(email="owner@example.org")
    ask(client, "owner@example.org")
    ask(client, "nobody@example.org")
    assert resets() == 0
    assert [task.args for task in jobs.huey.pending()] == [
        ("owner@example.org", "en"),
        ("nobody@example.org", "en"),
    ]
    assert set(jobs.names()) == {"app.accounts.tasks.send_password_reset_link"}
    jobs.run()
    assert resets() == 1


def test_the_login_page_leads_to_the_form(client):
    page = client.get("/login", headers=EN).get_data(as_text=True)
    assert 'href="/password/forgot"' in page and "Forgot your password?" in page
    assert client.get("/password/forgot").status_code == 200


def test_a_bad_address_is_answered_at_the_field(client, smtp_server):
    response = ask(client, "not an address")
    assert response.status_code == 200
    assert field_error(response.get_data(as_text=True), "email") == "Enter a valid email address."
    assert smtp_server.messages == []


def test_the_email_is_in_the_owners_language_else_the_pages(client, smtp_server):
    make_user(email="english@example.org", preferred_language="en")
    make_user(email="korean@example.org")
    ask(client, "English@Example.org")  # the address as typed, in any case
    client.post("/password/forgot", data={"email": "korean@example.org"})  # a Korean page
    (english,) = emails_to(smtp_server, "english@example.org")
    assert english["Subject"] == "Set a new password on Hope Community Map"
    assert english["Content-Language"] == "en"
    assert "The link works once, within 2 hours." in body_of(english)
    assert "http://127.0.0.1:8000/password/reset/" in body_of(english)
    (korean,) = emails_to(smtp_server, "korean@example.org")
    assert korean["Content-Language"] == "ko"
    assert "2시간 안에 한 번만" in body_of(korean)


def test_a_deactivated_account_gets_no_link(client, smtp_server):
    make_user(email="gone@example.org", is_active_account=False)
    assert ask(client, "gone@example.org").status_code == 302
    assert smtp_server.messages == [] and resets() == 0


def test_only_a_hash_of_the_key_is_stored(client, smtp_server):
    user = make_user()
    path = reset_link(client, smtp_server, user)
    token = path.rsplit("/", 1)[1]
    stored = db.session.scalar(select(PasswordReset.key_hash))
    assert stored not in token and len(stored) == 64


# --- following the link -------------------------------------------------------------------


def test_the_link_sets_the_new_password_and_signs_in(app, client, smtp_server):
    user = make_user(email="owner@example.org")
    path = reset_link(client, smtp_server, user)
    page = client.get(path, headers=EN).get_data(as_text=True)
    assert "Choose a new password" in page
    response = client.post(path, data=NEW, headers=EN)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get("/account").status_code == 200  # signed in
    assert can_log_in("owner@example.org", NEW_PASSWORD)
    assert not can_log_in("owner@example.org", PASSWORD)
    (_link, changed) = emails_to(smtp_server, "owner@example.org")
    assert changed["Subject"] == "비밀번호가 바뀌었습니다"
    assert "로그아웃되었습니다" in body_of(changed)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"new_password": "short", "confirm": "short"}, "new_password", "Use at least 12"),
        ({"new_password": NEW_PASSWORD, "confirm": "a typo"}, "confirm", "do not match"),
        ({"new_password": "", "confirm": ""}, "new_password", "Enter a new password."),
    ],
)
def test_the_new_password_follows_the_rules_of_registering(
    client, smtp_server, fields, field, message
):
    user = make_user()
    path = reset_link(client, smtp_server, user)
    response = client.post(path, data=fields, headers=EN)
    assert response.status_code == 200
    assert message in field_error(response.get_data(as_text=True), field)
    assert can_log_in(user.email, PASSWORD)
    assert client.post(path, data=NEW).status_code == 302  # the link still works


def test_every_other_login_ends(app, client, smtp_server):
    user = make_user()
    elsewhere = app.test_client()
    login(elsewhere, user)
    assert elsewhere.get("/account").status_code == 200
    token_before = user.session_token
    client.post(reset_link(client, smtp_server, user), data=NEW)
    assert reload(user).session_token != token_before
    assert elsewhere.get("/account").status_code == 302


def test_the_link_works_once_and_ends_the_persons_other_links(app, client, smtp_server):
    user = make_user()
    first = reset_link(client, smtp_server, user)
    second = reset_link(client, smtp_server, user)
    assert first != second
    assert client.post(second, data=NEW).status_code == 302
    for path in (first, second):
        for method in ("get", "post"):
            response = getattr(app.test_client(), method)(path, data=NEW, headers=EN)
            assert response.status_code == 404
            assert "This link does not work" in response.get_data(as_text=True)
    assert resets() == 0


def test_the_form_needs_the_csrf_token_of_the_page(app, client, smtp_server):
    user = make_user()
    path = reset_link(client, smtp_server, user)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert client.post(path, data=NEW).status_code == 400
        assert not can_log_in(user.email, NEW_PASSWORD)
        page = client.get(path).get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        assert client.post(path, data=NEW | {"csrf_token": token}).status_code == 302
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert can_log_in(user.email, NEW_PASSWORD)


def test_a_link_expires_with_its_row(client, smtp_server):
    user = make_user()
    path = reset_link(client, smtp_server, user)
    db.session.execute(
        update(PasswordReset).values(created_at=utcnow() - timedelta(hours=2, minutes=1))
    )
    assert client.get(path).status_code == 404
    assert client.post(path, data=NEW).status_code == 404
    assert can_log_in(user.email, PASSWORD)


class _SignerOfLongAgo(TimestampSigner):
    def get_timestamp(self) -> int:
        return int(time.time()) - 2 * 3600 - 60


def _known_key_reset(user: User) -> str:
    key = "a-key-the-test-knows"
    db.session.add(PasswordReset(user_id=user.id, key_hash=login_key_hash(key)))
    db.session.flush()
    return key


def _token(app, payload, salt=password_reset_module.LINK_SALT, **kwargs) -> str:
    return URLSafeTimedSerializer(app.config["SECRET_KEY"], salt=salt, **kwargs).dumps(payload)


def test_a_link_expires_by_its_signature_too(app, client):
    key = _known_key_reset(make_user())
    old = _token(app, key, signer=_SignerOfLongAgo)
    assert client.get(f"/password/reset/{old}").status_code == 404
    assert client.get(f"/password/reset/{_token(app, key)}").status_code == 200


@pytest.mark.parametrize(
    "tamper",
    [
        # One character before the end: base64 ignores the last one's lowest bits.
        lambda t: t[:-2] + ("A" if t[-2] != "A" else "B") + t[-1:],
        lambda t: ("A" if t[0] != "A" else "B") + t[1:],
        lambda t: t[: len(t) // 2],
        lambda t: "한글.토큰.입니다",
        lambda t: t * 20,
    ],
)
def test_a_tampered_link_is_refused_without_an_error(app, client, tamper):
    key = _known_key_reset(make_user())
    path = f"/password/reset/{tamper(_token(app, key))}"
    assert client.get(path).status_code == 404
    assert client.post(path, data=NEW).status_code == 404


def test_a_link_signed_for_something_else_is_refused(app, client):
    """A registration's link carries a key too: it never passes for a reset's."""
    key = _known_key_reset(make_user())
    foreign = _token(app, key, salt=registration_module.LINK_SALT)
    assert client.get(f"/password/reset/{foreign}").status_code == 404


def test_a_deactivated_account_cannot_use_a_link_it_got_before(app, client):
    user = make_user()
    key = _known_key_reset(user)
    user.is_active_account = False
    db.session.flush()
    assert client.post(f"/password/reset/{_token(app, key)}", data=NEW).status_code == 404


# --- the rate limits ----------------------------------------------------------------------


def test_mistakes_do_not_count_against_the_limit_on_asking(client, smtp_server):
    for _ in range(8):  # the limit is 5 a minute
        assert ask(client, "not an address").status_code == 200
    statuses = [ask(client, f"p{i}@example.org").status_code for i in range(6)]
    assert statuses == [302] * 5 + [429]


def test_setting_new_passwords_has_a_limit(client):
    statuses = [client.post("/password/reset/not-a-link", data=NEW).status_code for _ in range(6)]
    assert statuses == [404] * 5 + [429]
