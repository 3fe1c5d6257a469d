"""Writers at the same time on the embedded database: none is refused, readers stay free.

SQLite in WAL mode refused a transaction that had read and then wrote after another commit
("database is locked", at once: the busy timeout does not wait for a stale snapshot). Requests
that write now take the write lock with their first statement and wait their turn
(app.transactions, app.geo). These tests commit for real, from several threads, in a database
of their own (a file: an in-memory SQLite has no second connection to race with).
"""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app import create_app
from app.accounts.models import User
from app.extensions import db
from app.geo import SQLITE_BUSY_TIMEOUT_MS
from app.transactions import writing
from tests.conftest import RequestIsolatingClient, _test_database_url, reset_and_migrate
from tests.factories import login, make_user

pytestmark = pytest.mark.own_app

WRITERS = 6
POSTS_EACH = 24


@pytest.fixture(scope="module")
def writers_app(tmp_dir):
    app = create_app(
        "testing",
        overrides={"SQLALCHEMY_DATABASE_URI": _test_database_url(tmp_dir, "_writers")},
    )
    app.test_client_class = RequestIsolatingClient
    reset_and_migrate(app)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def sqlite_only(writers_app):
    with writers_app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite's write lock: PostgreSQL begins every transaction alike")


def _people(app, count: int) -> list[User]:
    with app.app_context():
        people = [make_user() for _ in range(count)]
        db.session.commit()
        for person in people:
            db.session.refresh(person)
            db.session.expunge(person)
        db.session.remove()
        return people


def test_requests_that_read_then_write_at_the_same_time_are_all_saved(writers_app):
    """Each request reads (its login, the person) before it writes (the language): the shape
    that SQLite refused when another request committed in between."""
    people = _people(writers_app, WRITERS)
    clients = []
    for person in people:
        client = writers_app.test_client()
        login(client, person)
        clients.append(client)

    statuses: Counter[int] = Counter()
    errors: list[str] = []
    start = threading.Barrier(WRITERS)

    def post_languages(client) -> None:
        start.wait()
        for n in range(POSTS_EACH):
            language = "en" if n % 2 == 0 else "ko"
            try:
                response = client.post("/language", data={"language": language, "next": "/"})
                statuses[response.status_code] += 1
            except OperationalError as error:  # the testing app lets a 500's cause through
                errors.append(str(error.orig))

    threads = [threading.Thread(target=post_languages, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert statuses == {302: WRITERS * POSTS_EACH}
    with writers_app.app_context():
        saved = db.session.scalars(
            select(User.preferred_language).where(User.id.in_([p.id for p in people]))
        ).all()
        assert saved == ["ko"] * WRITERS  # each person's last choice (an even count of posts)


def _lock_is_free() -> bool:
    """Whether another connection could take the write lock right now (without waiting)."""
    other = db.engine.raw_connection()  # its own statements: none of SQLAlchemy's BEGINs
    try:
        cursor = other.cursor()
        cursor.execute("PRAGMA busy_timeout = 0")
        try:
            cursor.execute("BEGIN IMMEDIATE")
        except Exception as error:  # the driver's own OperationalError
            assert "database is locked" in str(error)
            return False
        cursor.execute("ROLLBACK")
        return True
    finally:
        other.cursor().execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        other.close()


def test_a_writing_request_holds_the_lock_from_its_first_read(writers_app, sqlite_only):
    with writers_app.test_request_context("/language", method="POST"), Session(db.engine) as s:
        s.execute(text("SELECT count(*) FROM users")).scalar_one()
        assert not _lock_is_free()
        s.rollback()
        assert _lock_is_free()


def test_reading_requests_leave_the_lock_to_writers(writers_app, sqlite_only):
    with writers_app.test_request_context("/pins", method="GET"), Session(db.engine) as s:
        s.execute(text("SELECT count(*) FROM users")).scalar_one()
        assert _lock_is_free()
        # A command, or a GET view that records something:
        with writing(), Session(db.engine) as command:
            command.execute(text("SELECT count(*) FROM users")).scalar_one()
            assert not _lock_is_free()
        s.rollback()


def test_savepoints_work_inside_a_writing_transaction(writers_app):
    (person,) = _people(writers_app, 1)
    with writers_app.app_context(), writing(), Session(db.engine) as s:
        user = s.get(User, person.id)
        user.display_name = "Kept"
        nested = s.begin_nested()
        user.display_name = "Rolled back"
        s.flush()
        nested.rollback()
        s.commit()
    with writers_app.app_context(), Session(db.engine) as s:
        assert s.get(User, person.id).display_name == "Kept"
