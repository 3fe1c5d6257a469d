"""Honest errors while the database is out of reach (tests/outage.py takes it away for real).

A post whose commit held answers its redirect even if the database goes right after; error
pages are drawn without the database, for signed-in people too; an unreachable database is a
503 with Retry-After, logged once; /health says what is true; and no page says "Nothing was
saved" unless that is known.
"""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from app import create_app, error_pages
from app.extensions import db
from app.pins.models import Pin, PinStatus
from app.stories.models import Story
from tests.factories import login, make_pin, make_user
from tests.pins import test_pins as pins
from tests.stories import test_submit as stories

# The pin and story tests' worlds (fixtures are found by their names in this module).
world, uploads = pins.world, pins.uploads
story_world = stories.world

UNAVAILABLE = "The site cannot reach its database just now."
NOTHING_SAVED = "Nothing was saved."
MAYBE_SAVED = "If you were saving something, check whether it was saved before trying again."


@pytest.fixture
def client(english_client):
    return english_client


def newest(model):
    db.session.expire_all()
    return db.session.scalars(select(model).order_by(model.id.desc())).first()


# --- a saved post answers its redirect, whatever happens to the database after --------------------


def test_a_need_saved_just_before_the_database_goes_answers_its_redirect(
    client, world, database_outage
):
    login(client, world.people["resident"])
    database_outage.after_next_commit()
    response = client.post("/pins/new?kind=need", data=pins.valid_need(world.category))
    database_outage.end()
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    assert response.headers["Location"] == f"/pins/{newest(Pin).id}"


def test_a_withdrawal_saved_just_before_the_database_goes_answers_its_redirect(
    client, world, database_outage
):
    author = make_user()
    need = make_pin(author, category=world.category, lon=126.977, lat=37.566)
    login(client, author)
    database_outage.after_next_commit()
    response = client.post(f"/pins/{need.id}/withdraw")
    database_outage.end()
    assert response.status_code == 302
    assert response.headers["Location"] == f"/pins/{need.id}"
    db.session.expire_all()
    assert db.session.get(Pin, need.id).status == PinStatus.WITHDRAWN


def test_a_story_saved_just_before_the_database_goes_answers_its_redirect(
    client, story_world, database_outage
):
    login(client, story_world.people["resident"])
    database_outage.after_next_commit()
    response = client.post("/stories/new", data=stories.valid_story(story_world))
    database_outage.end()
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    assert response.headers["Location"] == f"/stories/{newest(Story).id}"


# --- 503 while the database is out of reach -------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", UNAVAILABLE), ("ko", "지금은 사이트가 데이터베이스에 연결할 수 없습니다")],
)
def test_pages_answer_503_with_retry_after_in_the_readers_language(
    client, database_outage, language, words
):
    database_outage.begin()
    response = client.get("/", headers={"Accept-Language": language})
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert "no-store" in response.headers["Cache-Control"]
    html = response.get_data(as_text=True)
    assert words in html
    assert f'<html lang="{language}">' in html


def test_a_signed_in_person_gets_the_503_page_when_their_account_cannot_be_loaded(
    client, database_outage
):
    login(client, make_user())
    database_outage.begin()
    response = client.get("/pins")
    assert response.status_code == 503
    html = response.get_data(as_text=True)
    assert UNAVAILABLE in html
    # Signed in by their cookies, but not known: neither a name nor "Log in".
    assert "Log in" not in html and "Log out" not in html


def test_a_person_loaded_before_the_database_went_keeps_their_name_on_the_page(
    client, database_outage
):
    login(client, make_user(display_name="Park Volunteer"))
    database_outage.after_next_commit()
    response = client.get("/_test/commit-then-read")
    assert response.status_code == 503
    html = response.get_data(as_text=True)
    assert "Park Volunteer" in html and "Log out" in html
    # It committed before the database went: whether that holds is not known.
    assert MAYBE_SAVED in html and NOTHING_SAVED not in html


def test_the_api_answers_503_in_json(client, database_outage):
    database_outage.begin()
    response = client.get("/api/pins?bbox=126.9,37.5,127.0,37.6&zoom=12")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert response.is_json and UNAVAILABLE in response.get_json()["message"]


def test_an_outage_is_logged_once_and_again_after_the_database_answered(
    client, database_outage, caplog
):
    def outage_records() -> int:
        return sum("cannot be reached" in record.getMessage() for record in caplog.records)

    caplog.set_level(logging.ERROR, logger="app.outage")
    assert client.get("/health").status_code == 200  # no outage left over from another test
    database_outage.begin()
    for _ in range(3):
        assert client.get("/").status_code == 503
    assert outage_records() == 1
    database_outage.end()
    assert client.get("/health").status_code == 200  # the database answers again
    database_outage.begin()
    assert client.get("/").status_code == 503
    assert outage_records() == 2


def test_health_says_503_while_the_database_is_out_of_reach(client, database_outage):
    database_outage.begin()
    response = client.get("/health")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert response.get_json()["database"] == "unavailable"


@pytest.mark.own_app
def test_health_says_503_for_a_database_without_the_sites_tables(tmp_path):
    """SQLite opens (and makes) an empty file where the real one went missing: that answers
    `SELECT 1`, but it is not the site's database."""
    empty = create_app("testing", overrides={"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x"})
    response = empty.test_client().get("/health")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unavailable"
    with empty.app_context():
        db.engine.dispose()


# --- saying only what is known about saving -------------------------------------------------------


@pytest.fixture
def served_errors(app):
    """Exceptions become the 500 page, as in production."""
    app.config["PROPAGATE_EXCEPTIONS"] = False
    yield
    app.config["PROPAGATE_EXCEPTIONS"] = None


def test_a_failure_before_any_commit_says_nothing_was_saved(client, served_errors):
    response = client.get("/_test/fail-after-write")
    assert response.status_code == 500
    assert NOTHING_SAVED in response.get_data(as_text=True)


@pytest.mark.parametrize("language", ["en", "ko"])
def test_a_failure_after_a_commit_does_not_claim_nothing_was_saved(client, served_errors, language):
    login(client, make_user())
    response = client.get("/_test/commit-then-fail", headers={"Accept-Language": language})
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert NOTHING_SAVED not in html and "아무것도 저장되지 않았습니다" not in html
    assert {"en": MAYBE_SAVED, "ko": "저장되었는지 확인해 주세요"}[language] in html


def test_when_the_error_page_cannot_be_drawn_a_static_one_in_both_languages_is_sent(
    client, served_errors, database_outage, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("the templates are unreadable, on purpose")

    monkeypatch.setattr(error_pages, "render_template", broken)
    database_outage.begin()
    response = client.get("/")
    assert response.status_code == 503 and response.headers["Retry-After"] == "30"
    html = response.get_data(as_text=True)
    assert UNAVAILABLE in html and "데이터베이스에 연결할 수 없습니다" in html
    assert response.mimetype == "text/html"
