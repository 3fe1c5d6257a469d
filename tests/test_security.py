"""CSRF on every POST, security headers with a nonce CSP, cookie flags, escaping."""

from __future__ import annotations

import re

import pytest

from app import create_app
from app.extensions import db
from tests.factories import login, make_user
from tests.vault import use_vault_keys

# Routes that authenticate by a key in the request, never by a cookie: a forged cross-site
# form carries no key, so they need no CSRF token, and refuse a request without the key.
KEY_AUTHENTICATED = {"/open311/v2/requests.<fmt>": {"fmt": "json"}}


def post_routes(app):
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods and not rule.rule.startswith("/_test/"):
            values = KEY_AUTHENTICATED.get(rule.rule) or dict.fromkeys(rule.arguments, 1)
            yield rule.rule, rule.build(values, append_unknown=False)[1]


def test_every_post_route_refuses_a_request_without_csrf_token(app, client, csrf_on):
    routes = list(post_routes(app))
    assert len(routes) >= 5  # login, register, logout, language, account… and the features'
    for rule, path in routes:
        response = client.post(path, data={"anything": "x"})
        expected = 403 if rule in KEY_AUTHENTICATED else 400  # no key instead of no token
        assert response.status_code == expected, f"{rule} accepted a POST without a CSRF token"


def test_a_post_with_a_valid_csrf_token_is_accepted(app, client, csrf_on):
    page = client.get("/login")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(True))
    user = make_user()
    response = client.post(
        "/login",
        data={
            "csrf_token": token.group(1),
            "email": user.email,
            "password": "correct horse battery",
        },
    )
    assert response.status_code == 302


def test_a_visitor_gets_no_session_cookie_until_choosing_a_language(client, csrf_on):
    for path in ("/", "/map", "/pins", "/ideas"):
        response = client.get(path)
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers, path


@pytest.mark.parametrize(
    ("headers", "accepted"),
    [
        pytest.param({"Origin": "http://localhost"}, True, id="origin of this site"),
        pytest.param({"Referer": "http://localhost/map?lang=ko"}, True, id="referer"),
        pytest.param({"Origin": "https://evil.example"}, False, id="another site"),
        pytest.param({"Origin": "null"}, False, id="opaque origin"),
        pytest.param({"Referer": "https://evil.example/"}, False, id="another referer"),
        pytest.param({}, False, id="neither"),
    ],
)
def test_a_visitor_s_language_switch_is_accepted_only_from_this_site(
    client, csrf_on, headers, accepted
):
    response = client.post("/language", data={"language": "en", "next": "/"}, headers=headers)
    assert response.status_code == (302 if accepted else 400)
    assert ("Set-Cookie" in response.headers) is accepted


def test_a_signed_in_language_switch_still_takes_the_token(app, client):
    login(client, make_user())
    headers = {"Origin": "http://localhost"}
    app.config["WTF_CSRF_ENABLED"] = True  # as csrf_on does, once signed in
    try:
        refused = client.post("/language", data={"language": "en"}, headers=headers)
        page = client.get("/")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(True)).group(1)
        data = {"language": "en", "csrf_token": token}
        done = client.post("/language", data=data, headers=headers)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert refused.status_code == 400
    assert done.status_code == 302


def test_csrf_failure_page_is_translated(client, csrf_on):
    response = client.post("/logout", headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert "Your form expired" in response.get_data(as_text=True)


def test_security_headers_and_nonce_csp(client):
    response = client.get("/")
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";")[0]
    assert "'unsafe-eval'" not in csp
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    # Every script on the page is either external from our origin or carries the nonce.
    html = response.get_data(as_text=True)
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert f'nonce="{nonce}"' in tag or re.search(r'src="/static/', tag), tag
    # A new nonce for every response.
    assert nonce not in client.get("/").headers["Content-Security-Policy"]


@pytest.mark.own_app
def test_session_cookie_flags_in_production(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 48)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.setenv("SITE_URL", "https://hopemap.example")
    use_vault_keys(monkeypatch)
    production = create_app("production")
    assert production.config["SESSION_COOKIE_SECURE"] is True
    assert production.config["SESSION_COOKIE_HTTPONLY"] is True
    assert production.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert production.config["REMEMBER_COOKIE_SECURE"] is True
    with production.test_client() as client:
        response = client.post(
            "/language",
            data={"language": "en", "next": "/"},
            base_url="https://hopemap.example",
            headers={"Origin": "https://hopemap.example"},
        )
        cookie = response.headers["Set-Cookie"]
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
        page = client.get("/", base_url="https://hopemap.example")
        assert "max-age=31536000" in page.headers["Strict-Transport-Security"]
    with production.app_context():
        db.engine.dispose()


def test_user_text_is_escaped(client):
    user = make_user(display_name='<script>alert("x")</script>')
    login(client, user)
    html = client.get("/account").get_data(as_text=True)
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize("path", ["/", "/login", "/register", "/organisations", "/areas"])
def test_public_pages_send_no_inline_script_without_nonce(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "onclick=" not in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/account", "/", "/my", "/matches", "/notifications", "/pins"])
def test_pages_for_a_signed_in_person_are_never_cached(client, path):
    login(client, make_user())
    response = client.get(path)
    assert response.status_code == 200
    cache = response.headers["Cache-Control"]
    assert "no-store" in cache and "private" in cache


def test_public_pages_and_open_data_keep_their_own_caching(client):
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
    login(client, make_user())
    open_data = client.get("/export/pins.csv", buffered=True)
    assert "public" in open_data.headers["Cache-Control"]
