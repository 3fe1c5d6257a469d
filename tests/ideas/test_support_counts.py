"""The support count kept on each idea (Idea.support_count) stays exact: citizens supporting
and withdrawing at the same instant each move it by one, a replayed support is refused without
counting twice, and /ideas?sort=supported orders by it.

A database of its own (own_app: these requests commit for real), on SQLite and PostgreSQL
alike; each request from its own thread and test client, released by a barrier."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from app import create_app
from app.extensions import db
from app.ideas.models import Idea, IdeaSupport
from tests.conftest import RequestIsolatingClient, _test_database_url, reset_and_migrate
from tests.factories import login, make_user
from tests.ideas.factories import make_idea

pytestmark = pytest.mark.own_app


@pytest.fixture(scope="module")
def race_app(tmp_dir):
    app = create_app(
        "testing", overrides={"SQLALCHEMY_DATABASE_URI": _test_database_url(tmp_dir, "_support")}
    )
    app.test_client_class = RequestIsolatingClient
    reset_and_migrate(app)
    yield app
    with app.app_context():
        db.engine.dispose()


def post_together(requests: list[tuple]) -> list:
    """Each (client, url) posted from its own thread at once; the status codes (or errors)."""
    barrier = threading.Barrier(len(requests))
    answers: list = []

    def send(client, url: str) -> None:
        barrier.wait()
        try:
            answers.append(client.post(url, headers={"Accept-Language": "en"}).status_code)
        except Exception as error:  # noqa: BLE001 - every failure is an answer to report
            answers.append(repr(error))

    threads = [threading.Thread(target=send, args=request) for request in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def counts(idea_id: int) -> tuple[int, int]:
    """(the kept count, the supports actually stored)."""
    db.session.expire_all()
    kept = db.session.scalar(select(Idea.support_count).where(Idea.id == idea_id))
    stored = db.session.scalar(
        select(func.count()).select_from(IdeaSupport).where(IdeaSupport.idea_id == idea_id)
    )
    return kept, stored


def clients_of(app, people) -> list:
    clients = []
    for person in people:
        client = app.test_client()
        login(client, person)
        clients.append(client)
    return clients


def test_two_citizens_supporting_and_withdrawing_at_once_keep_the_count_exact(race_app):
    with race_app.app_context():
        idea = make_idea()
        people = [make_user(), make_user()]
        db.session.commit()
        idea_id = idea.id
        clients = clients_of(race_app, people)

    answers = post_together([(client, f"/ideas/{idea_id}/support") for client in clients])
    assert answers == [302, 302]
    with race_app.app_context():
        assert counts(idea_id) == (2, 2)

    answers = post_together([(client, f"/ideas/{idea_id}/unsupport") for client in clients])
    assert answers == [302, 302]
    with race_app.app_context():
        assert counts(idea_id) == (0, 0)


def test_a_replayed_support_counts_once(race_app):
    """The same citizen's support sent twice at once (a double click, a replayed request), then
    once more later: one support, counted once; the same for withdrawing."""
    with race_app.app_context():
        idea = make_idea()
        person = make_user()
        db.session.commit()
        idea_id = idea.id
        client = clients_of(race_app, [person])[0]

    url = f"/ideas/{idea_id}/support"
    assert sorted(post_together([(client, url), (client, url)])) == [302, 302]
    assert client.post(url).status_code == 302  # refused with a message, not counted
    with race_app.app_context():
        assert counts(idea_id) == (1, 1)

    url = f"/ideas/{idea_id}/unsupport"
    assert sorted(post_together([(client, url), (client, url)])) == [302, 302]
    with race_app.app_context():
        assert counts(idea_id) == (0, 0)


def test_the_supported_sort_follows_the_kept_count(race_app):
    with race_app.app_context():
        ideas = [make_idea(title=f"Support order {n}") for n in range(3)]
        people = [make_user() for _ in range(3)]
        db.session.commit()
        ids = [idea.id for idea in ideas]
        clients = clients_of(race_app, people)
    # The first idea gets three supports, the last one, the middle none.
    for client in clients:
        assert client.post(f"/ideas/{ids[0]}/support").status_code == 302
    assert clients[0].post(f"/ideas/{ids[2]}/support").status_code == 302
    page = race_app.test_client().get("/ideas?sort=supported&q=Support+order")
    html = page.get_data(as_text=True)
    positions = [html.index(f"Support order {n}") for n in (0, 2, 1)]
    assert positions == sorted(positions)
