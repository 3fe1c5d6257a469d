"""Test set-up: one migrated database per run, each test inside a transaction rolled back.

The database is SpatiaLite in a temporary file unless TEST_DATABASE_URL names a PostGIS
database, which is then wiped (schema `public` dropped) and migrated: never point it at data
you want to keep.
"""

from __future__ import annotations

import contextvars
import os
import re
import tempfile
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from flask_migrate import upgrade
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import create_engine, func, select, text

from app import create_app
from app.config import normalise_database_url
from app.extensions import SESSION_OPTIONS, db, limiter

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = PROJECT_ROOT.parent / "shared" / "data" / "seoul"

os.environ.setdefault("SPATIALITE_LIBRARY_PATH", "mod_spatialite")


def _test_database_url(tmp_dir: Path, suffix: str = "") -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url or url.startswith("sqlite"):
        return f"sqlite:///{tmp_dir / f'test{suffix}.sqlite'}"
    url = normalise_database_url(url)
    if suffix:
        url = _make_postgres_database(url, suffix)
    return url


def _make_postgres_database(url: str, suffix: str) -> str:
    """A sibling database (for the browser tests' server, which commits for real)."""
    base, _, name = url.rpartition("/")
    name, _, query = name.partition("?")
    new_name = re.sub(r"\W", "_", f"{name}{suffix}")
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{new_name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{new_name}"'))
    admin.dispose()
    return f"{base}/{new_name}" + (f"?{query}" if query else "")


def reset_and_migrate(app) -> None:
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
                connection.execute(text("CREATE EXTENSION IF NOT EXISTS postgis"))
        upgrade(directory=str(PROJECT_ROOT / "migrations"))
        db.session.remove()


class ConnectionBoundSession(FlaskSession):
    """Flask-SQLAlchemy's session picks the engine itself and would ignore `bind` (so requests
    would commit for real); this one stays on the test's connection."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        return bind or self.bind or super().get_bind(mapper, clause, bind, **kwargs)


class RequestIsolatingClient(FlaskClient):
    """Each request runs in its own app context (its own `g` and database session), as it
    would in production, even though the test itself holds an app context open."""

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


def _fail_after_write():
    """A request that changes the database, then fails: the 500 handler must roll back."""
    from app.accounts.models import User

    db.session.add(User(email="half-saved@example.org", display_name="x", password_hash="x"))
    db.session.flush()
    raise RuntimeError("failure after a write, on purpose")


def _commit_then_read():
    """A request that knows its reader, commits, then reads: the database may have gone in
    between."""
    from flask_login import current_user

    from app.accounts.models import User

    current_user.is_authenticated  # noqa: B018  (loads the person, as most pages do first)
    db.session.commit()
    return str(db.session.scalar(select(func.count(User.id))))


def _commit_then_fail():
    """A request that fails after its commit: what it sent may well be saved."""
    db.session.commit()
    raise RuntimeError("failure after a commit, on purpose")


@pytest.fixture(scope="session")
def tmp_dir():
    with tempfile.TemporaryDirectory(prefix="hopemap-tests-") as path:
        yield Path(path)


@pytest.fixture(scope="session")
def app(tmp_dir):
    app = create_app(
        "testing",
        overrides={
            "SQLALCHEMY_DATABASE_URI": _test_database_url(tmp_dir),
            # Photos and attachments the tests write go with the temporary folder, never into
            # the developer's instance/ (and two suites can run side by side).
            "UPLOAD_FOLDER": str(tmp_dir / "uploads"),
            # A real queue file (SqliteHuey); tests run its jobs inline (tests/jobs.py).
            "JOBS_URL": f"sqlite:///{tmp_dir / 'jobs.sqlite'}",
        },
    )
    app.test_client_class = RequestIsolatingClient
    app.add_url_rule("/_test/fail-after-write", view_func=_fail_after_write)
    app.add_url_rule("/_test/commit-then-read", view_func=_commit_then_read)
    app.add_url_rule("/_test/commit-then-fail", view_func=_commit_then_fail)
    reset_and_migrate(app)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _transaction(request, app):
    """Everything a test writes is rolled back, commits included (they become savepoints)."""
    if "live_server" in request.fixturenames or request.node.get_closest_marker("own_app"):
        yield
        return
    with app.app_context():
        connection = db.engine.connect()
        outer = connection.begin()
        original = db.session
        db.session = db._make_scoped_session(
            {
                **SESSION_OPTIONS,  # the app's own session semantics, with the test's bind
                "bind": connection,
                "join_transaction_mode": "create_savepoint",
                "class_": ConnectionBoundSession,
            }
        )
        limiter.reset()
        try:
            yield
        finally:
            db.session.remove()
            db.session = original
            outer.rollback()
            connection.close()


@pytest.fixture(autouse=True)
def _forget_kept_map_tiles(app):
    """Tile answers are kept per region version (app.map.tiles); a test's writes, versions
    included, are rolled back, so the next test could meet an answer of the same version."""
    cache = app.extensions.get("map_tile_cache")
    if cache is not None and hasattr(cache, "clear"):
        cache.clear()
    app.extensions["map_region_versions"].forget()  # the versions as kept in memory too


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def csrf_on(app):
    """Switch CSRF protection on for one test (it is off for the rest, for brevity)."""
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


@pytest.fixture
def seoul_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"the real Seoul boundary files are not here ({SHARED_DATA})")
    return SHARED_DATA


pytest_plugins = ["tests.factories", "tests.smtp", "tests.outage", "tests.jobs"]
