"""Registration, login, logout, password change, profile, and the rules that protect them."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.accounts.models import RegistrationRequest, Role, User
from app.extensions import db
from tests.factories import PASSWORD, login, make_user
from tests.registration import finish_registering

GOOD = {
    "email": "new.person@example.org",
    "display_name": "새 이웃",
    "password": "a long enough passphrase",
    "confirm": "a long enough passphrase",
    "preferred_language": "",
}

# The emails are background jobs: the worker runs them before the test reads the mailbox.
pytestmark = pytest.mark.usefixtures("worker_delivers")


def user_count() -> int:
    return db.session.scalar(select(func.count(User.id)))


def test_register_creates_a_resident_and_logs_in(client, smtp_server):
    finish_registering(client, smtp_server, **GOOD)
    user = db.session.scalar(select(User).where(User.email == GOOD["email"]))
    assert user.role == Role.RESIDENT
    assert user.password_hash.startswith("$argon2id$")
    assert GOOD["password"] not in user.password_hash
    page = client.get("/account")
    assert page.status_code == 200
    assert GOOD["email"] in page.get_data(as_text=True)


def test_email_is_stored_lowercase_and_unique_case_insensitively(client, smtp_server):
    finish_registering(client, smtp_server, **(GOOD | {"email": "Mixed.Case@Example.org"}))
    client.post("/logout")
    response = client.post("/register", data=GOOD | {"email": "mixed.case@example.org"})
    assert response.status_code == 302  # the same answer as for a new address
    assert (
        db.session.scalar(select(func.count(User.id)).where(User.email == "mixed.case@example.org"))
        == 1
    )
    # The owner is told instead, and nothing waits for the address.
    assert smtp_server.messages[-1]["Subject"] == "이 이메일 주소로 가입하려는 시도가 있었습니다"
    assert db.session.scalar(select(func.count(RegistrationRequest.id))) == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "", "Enter your email address."),
        ("email", "not-an-email", "Enter a valid email address."),
        ("display_name", "", "Enter a name."),
        ("display_name", "x" * 81, "Use at most 80 characters."),
        ("password", "short pass", "Use at least 12 characters."),
        ("password", " " * 14, "Enter a password."),
        ("password", "", "Enter a password."),
        ("confirm", "something else entirely", "The two passwords do not match."),
        ("preferred_language", "fr", "Not a valid choice."),
    ],
)
def test_registration_validation_messages_at_the_field(client, field, value, message):
    data = GOOD | {field: value}
    if field == "password" and value.strip():
        data["confirm"] = value
    before = user_count(), db.session.scalar(select(func.count(RegistrationRequest.id)))
    response = client.post("/register", data=data, headers={"Accept-Language": "en"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="{field}-error"' in html
    assert message in html.split(f'id="{field}-error"', 1)[1].split("</p>", 1)[0]
    assert 'aria-invalid="true"' in html
    assert (user_count(), db.session.scalar(select(func.count(RegistrationRequest.id)))) == before


def test_password_minimum_is_exactly_twelve(client):
    ok = "x" * 11 + "y"
    response = client.post("/register", data=GOOD | {"password": ok, "confirm": ok})
    assert response.status_code == 302


def test_login_failure_message_is_the_same_for_unknown_and_known_accounts(client):
    user = make_user()
    wrong_password = client.post(
        "/login", data={"email": user.email, "password": "wrong password here"}
    )
    unknown = client.post(
        "/login", data={"email": "nobody@example.org", "password": "wrong password here"}
    )
    assert wrong_password.status_code == unknown.status_code == 200

    def error_of(response):
        return response.get_data(as_text=True).split('id="password-error"', 1)[1].split("</p>")[0]

    assert error_of(wrong_password) == error_of(unknown)


def test_login_is_case_insensitive_on_email_and_redirects_to_safe_next(client):
    make_user(email="someone@example.org")
    response = client.post(
        "/login?next=/account", data={"email": "SomeOne@Example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/account"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"]
)
def test_login_never_redirects_off_site(client, target):
    user = make_user()
    response = client.post(
        f"/login?next={target}", data={"email": user.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/"


def test_inactive_account_cannot_log_in(client):
    user = make_user(is_active_account=False)
    response = client.post(
        "/login",
        data={"email": user.email, "password": PASSWORD},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 200
    assert "The email or password is not correct." in response.get_data(as_text=True)
    assert client.get("/account").status_code == 302


def test_session_is_renewed_at_login(client):
    """Nothing planted in the session before login survives it (session fixation)."""
    user = make_user()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
        session["lang"] = "en"
    login(client, user)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["lang"] == "en"  # the visitor's language choice is kept
        # The person, the generation of their logins, and this login's own key.
        user_id, token, key = session["_user_id"].split(":")
        assert (user_id, token) == (str(user.id), user.session_token) and len(key) >= 40


def test_logout_is_post_only_and_ends_the_session(client):
    user = make_user()
    login(client, user)
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 302
    response = client.get("/account")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_change_password_requires_current_and_logs_out_other_devices(app, client):
    user = make_user()
    other_device = app.test_client()
    login(client, user)
    login(other_device, user)
    wrong = client.post(
        "/account/password",
        data={
            "current_password": "not my password",
            "new_password": "brand new passphrase",
            "confirm": "brand new passphrase",
        },
        headers={"Accept-Language": "en"},
    )
    assert "Your current password is not correct." in wrong.get_data(as_text=True)
    ok = client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "brand new passphrase",
            "confirm": "brand new passphrase",
        },
    )
    assert ok.status_code == 302
    assert client.get("/account").status_code == 200  # this device stays logged in
    assert other_device.get("/account").status_code == 302  # the other was logged out
    client.post("/logout")
    login(client, user, password="brand new passphrase")


def test_change_password_enforces_the_same_rules(client):
    user = make_user()
    login(client, user)
    response = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": "short", "confirm": "short"},
    )
    assert 'id="new_password-error"' in response.get_data(as_text=True)
    client.post("/logout")
    login(client, user)  # the old password still works


def test_profile_saves_name_and_language(client):
    user = make_user()
    login(client, user)
    response = client.post(
        "/account", data={"display_name": "이름 바꿈", "preferred_language": "en"}
    )
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.display_name == "이름 바꿈"
    assert user.preferred_language == "en"
    assert '<html lang="en">' in client.get("/account").get_data(as_text=True)


def test_pages_that_need_login_send_anonymous_visitors_to_login(client):
    for path in ("/account", "/account/password"):
        response = client.get(path)
        assert response.status_code == 302
        assert "/login?next=" in response.headers["Location"]


def test_logged_in_user_visiting_login_or_register_goes_home(client):
    login(client, make_user())
    assert client.get("/login").headers["Location"] == "/"
    assert client.get("/register").headers["Location"] == "/"


def test_login_is_rate_limited(client):
    user = make_user()
    statuses = [
        client.post(
            "/login", data={"email": user.email, "password": "wrong password 1"}
        ).status_code
        for _ in range(11)
    ]
    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429
    # The 429 page is a real, translated page.
    page = client.post(
        "/login", data={"email": user.email, "password": "x"}, headers={"Accept-Language": "en"}
    )
    assert page.status_code == 429
    assert "Too many attempts" in page.get_data(as_text=True)


def test_registration_is_rate_limited(client):
    statuses = [
        client.post("/register", data=GOOD | {"email": f"p{i}@example.org"}).status_code
        for i in range(6)
    ]
    assert statuses == [302] * 5 + [429]


def test_rate_limit_counts_only_posts(client):
    for _ in range(15):
        assert client.get("/login").status_code == 200


# --- logging out ends the login everywhere its cookies went --------------------------------------


def _copy_cookies(source, target) -> None:
    for cookie in source._cookies.values():
        target.set_cookie(cookie.key, cookie.value, domain=cookie.domain, path=cookie.path)


@pytest.mark.parametrize("remember", [False, True])
def test_a_copy_of_the_cookies_is_useless_after_logout(app, remember):
    from app.accounts.models import LoginSession

    person = make_user()
    browser = app.test_client()
    response = browser.post(
        "/login",
        data={"email": person.email, "password": PASSWORD, "remember": "y" if remember else ""},
    )
    assert response.status_code == 302
    thief = app.test_client()
    _copy_cookies(browser, thief)
    assert thief.get("/account").status_code == 200  # the copy works while the login stands

    assert browser.post("/logout").status_code == 302
    response = thief.get("/account")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    db.session.expire_all()
    assert db.session.scalar(select(func.count(LoginSession.id))) == 0


def test_logging_out_in_one_browser_keeps_the_other_login(app):
    person = make_user()
    first, second = app.test_client(), app.test_client()
    for browser in (first, second):
        browser.post("/login", data={"email": person.email, "password": PASSWORD})
    first.post("/logout")
    assert second.get("/account").status_code == 200
    assert first.get("/account").status_code == 302


def test_a_password_change_ends_every_other_login_and_keeps_this_one(app):
    person = make_user()
    here, elsewhere = app.test_client(), app.test_client()
    for browser in (here, elsewhere):
        browser.post("/login", data={"email": person.email, "password": PASSWORD})
    new = "another long passphrase 42"
    response = here.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": new, "confirm": new},
    )
    assert response.status_code == 302
    assert here.get("/account").status_code == 200
    assert elsewhere.get("/account").status_code == 302
