"""Error pages, the 500 rollback, health, and configuration that refuses to start."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from app import create_app
from app.accounts.models import User
from app.config import ConfigurationError
from app.extensions import db
from tests.factories import login, make_user
from tests.vault import use_vault_keys


@pytest.mark.parametrize(
    ("path", "method", "code", "english", "korean"),
    [
        ("/no-such-page", "get", 404, "Page not found", "페이지를 찾을 수 없습니다"),
        ("/logout", "get", 405, "Not allowed", "허용되지 않습니다"),
        ("/admin/", "get", 302, None, None),
    ],
)
def test_error_pages_are_translated(client, path, method, code, english, korean):
    en = getattr(client, method)(path, headers={"Accept-Language": "en"})
    ko = getattr(client, method)(path, headers={"Accept-Language": "ko"})
    assert en.status_code == ko.status_code == code
    if english:
        assert english in en.get_data(as_text=True)
        assert korean in ko.get_data(as_text=True)


def test_403_page(client):
    from tests.factories import login, make_user

    login(client, make_user())
    response = client.get("/admin/", headers={"Accept-Language": "en"})
    assert response.status_code == 403
    assert "You do not have permission to do this." in response.get_data(as_text=True)


def test_413_for_an_oversized_request(app, client):
    body = b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post(
        "/login",
        data=body,
        content_type="application/x-www-form-urlencoded",
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 413
    assert "larger than we accept" in response.get_data(as_text=True)


@pytest.fixture
def config(app):
    """Change settings for one test; they are restored afterwards."""
    saved = dict(app.config)
    yield app.config
    app.config.clear()
    app.config.update(saved)


def test_a_file_past_the_requests_limit_is_answered_with_the_limit(config, client):
    """Without the browser's check (file-size.js), such a form cannot be read at all."""
    login(client, make_user())
    config["MAX_CONTENT_LENGTH"] = 3 * 1024 * 1024
    photo = (io.BytesIO(b"\xff" * (3 * 1024 * 1024 + 1)), "large.jpg")
    response = client.post(
        "/pins/new?kind=need",
        data={"title": "x", "photo": photo},
        content_type="multipart/form-data",
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 413
    assert "at most 3 MB in all, files included" in response.get_data(as_text=True)


def test_500_rolls_back_and_shows_a_translated_page(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        response = client.get("/_test/fail-after-write", headers={"Accept-Language": "en"})
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = None
    assert response.status_code == 500
    assert "Nothing was saved." in response.get_data(as_text=True)
    count = db.session.scalar(
        select(func.count(User.id)).where(User.email == "half-saved@example.org")
    )
    assert count == 0


def test_api_errors_are_json(client):
    response = client.get("/api/no-such-thing")
    assert response.status_code == 404
    assert response.is_json and response.get_json()["error"]


@pytest.mark.parametrize("secret", [None, "", "dev", "changeme", "short-but-random-1234"])
def test_production_refuses_to_start_without_a_real_secret(monkeypatch, tmp_path, secret):
    import app.config as config

    monkeypatch.setattr(config, "SECRET_KEY_FILE", tmp_path / "absent")
    if secret is None:
        monkeypatch.delenv("SECRET_KEY", raising=False)
    else:
        monkeypatch.setenv("SECRET_KEY", secret)
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        create_app("production")


def test_production_reads_the_secret_written_by_setup(monkeypatch, tmp_path):
    import app.config as config

    key_file = tmp_path / "secret_key"
    key_file.write_text("k" * 64 + "\n")
    monkeypatch.setattr(config, "SECRET_KEY_FILE", key_file)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.setenv("SITE_URL", "https://hope.seoul.example")
    use_vault_keys(monkeypatch)
    assert create_app("production").config["SECRET_KEY"] == "k" * 64


@pytest.mark.parametrize("site_url", [None, "", "  "])
def test_production_refuses_to_start_without_its_public_address(monkeypatch, site_url):
    """Without SITE_URL, feeds, exports and emails would link to the development address."""
    monkeypatch.setenv("SECRET_KEY", "x" * 48)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    if site_url is None:
        monkeypatch.delenv("SITE_URL", raising=False)
    else:
        monkeypatch.setenv("SITE_URL", site_url)
    with pytest.raises(ConfigurationError, match="SITE_URL"):
        create_app("production")


def test_unknown_profile_is_refused():
    with pytest.raises(ConfigurationError):
        create_app("staging-typo")


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("postgres://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
        ("postgresql://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
        ("postgresql+psycopg://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
    ],
)
def test_database_url_spellings(given, used):
    from app.config import normalise_database_url

    assert normalise_database_url(given) == used


@pytest.mark.own_app
def test_health_says_503_when_the_database_is_down(monkeypatch):
    monkeypatch.setenv("TEST_DATABASE_URL", "postgresql://nobody:x@127.0.0.1:1/none")
    broken = create_app("testing")
    response = broken.test_client().get("/health")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unavailable"
    with broken.app_context():
        db.engine.dispose()
