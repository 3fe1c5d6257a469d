"""The same form sent many times at the same instant: one row, every answer the first, no 500.

A database of its own (own_app: these tests commit for real). Each request comes from its own
thread and test client, all with the same session cookie, as a browser's (or a script's)
resends do; a barrier lets them go together.

On SQLite every writing request takes the write lock up front (app.transactions), so no copy
may be refused with "database is locked" either: every answer must be the first result. The
posting limit is lifted for these tests: they are about copies, not about how many a minute.
"""

from __future__ import annotations

import threading
from collections import Counter
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from app import create_app
from app.extensions import db
from app.matching.models import Match
from app.pins.models import Pin, PinKind
from app.submissions import Submission, new_submission_key
from tests.conftest import RequestIsolatingClient, _test_database_url, reset_and_migrate
from tests.factories import login, make_category, make_pin, make_user
from tests.pins.test_pins import valid_need


@pytest.fixture(scope="module")
def race_app(tmp_dir):
    app = create_app(
        "testing",
        overrides={
            "SQLALCHEMY_DATABASE_URI": _test_database_url(tmp_dir, "_resubmit"),
            "POSTING_RATE_LIMIT": "1000 per minute",
        },
    )
    app.test_client_class = RequestIsolatingClient
    reset_and_migrate(app)
    yield app
    with app.app_context():
        db.engine.dispose()


def session_cookie(app, user) -> str:
    client = app.test_client()
    login(client, user)
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def send_together(app, cookie: str, url: str, data: dict, times: int) -> list:
    """Each answer as (status, Location), or the error it raised."""
    barrier = threading.Barrier(times)
    answers: list = []

    def send() -> None:
        client = app.test_client()
        client.set_cookie("session", cookie)
        barrier.wait()
        try:
            response = client.post(url, data=data)
        except Exception as error:  # noqa: BLE001 - every failure is an answer to report
            answers.append(repr(error))
            return
        answers.append((response.status_code, response.headers.get("Location")))

    threads = [threading.Thread(target=send) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def report(name: str, answers: list) -> None:
    print(f"\n{name}: {dict(Counter(str(answer) for answer in answers))}")


@pytest.fixture
def world(race_app):
    with race_app.app_context():
        author = make_user()
        category = make_category()
        need = make_pin(kind=PinKind.NEED, category=category, author=author)
        offer = make_pin(kind=PinKind.OFFER, category=category)
        db.session.commit()
        yield SimpleNamespace(
            app=race_app,
            cookie=session_cookie(race_app, author),
            author_id=author.id,
            category=category,
            need_id=need.id,
            offer_id=offer.id,
        )
        db.session.remove()


@pytest.mark.own_app
def test_fifty_copies_of_a_need_form_sent_at_once_save_one_need(world):
    app = world.app
    with app.app_context():
        data = {**valid_need(world.category), "submission_key": new_submission_key()}
    answers = send_together(app, world.cookie, "/pins/new?kind=need", data, times=50)
    report("50 needs at once", answers)

    with app.app_context():
        pins = db.session.scalars(
            select(Pin).where(Pin.author_id == world.author_id, Pin.id != world.need_id)
        ).all()
        keys = db.session.scalar(
            select(func.count())
            .select_from(Submission)
            .where(Submission.key == data["submission_key"])
        )
    assert len(pins) == 1 and keys == 1
    assert len(answers) == 50 and set(answers) == {(302, f"/pins/{pins[0].id}")}


@pytest.mark.own_app
def test_twenty_proposals_of_the_same_match_at_once_make_one_match(world):
    app = world.app
    data = {"need_id": world.need_id, "offer_id": world.offer_id, "next": "/matches"}
    answers = send_together(app, world.cookie, "/matches", data, times=20)
    report("20 match proposals at once", answers)

    with app.app_context():
        matches = db.session.scalar(
            select(func.count())
            .select_from(Match)
            .where(Match.need_id == world.need_id, Match.offer_id == world.offer_id)
        )
    assert matches == 1
    assert len(answers) == 20 and set(answers) == {(302, "/matches")}
