"""Two workers start the daily alert at the same instant (each machine runs the periodic jobs):
one sends, the other finds the day's run taken and sends nothing, and neither fails.

A database of its own (these tests commit for real); each worker is a thread with its own app
context, as the worker's jobs are; a barrier lets them go together.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app import create_app
from app.alerts.models import AlertRun
from app.alerts.tasks import send_alert_digests
from app.clock import utcnow
from app.extensions import db
from app.notifications.models import Notification, NotificationKind
from tests.alerts.factories import WEST, make_places, middle, subscribe
from tests.conftest import _test_database_url, reset_and_migrate
from tests.factories import make_pin, make_user

WORKERS = 2

pytestmark = pytest.mark.own_app  # commits for real, in its own database


@pytest.fixture(scope="module")
def race_app(tmp_dir):
    app = create_app(
        "testing", overrides={"SQLALCHEMY_DATABASE_URI": _test_database_url(tmp_dir, "_alerts")}
    )
    reset_and_migrate(app)
    yield app
    with app.app_context():
        db.engine.dispose()


def test_two_workers_at_once_send_one_digest(race_app):
    with race_app.app_context():
        places = make_places()
        reader = make_user()
        subscribe(reader, [places.west])
        pin = make_pin(**middle(WEST))
        pin.created_at = utcnow() - timedelta(hours=1)
        db.session.commit()
        reader_id = reader.id

    barrier = threading.Barrier(WORKERS)
    errors: list[str] = []

    def work() -> None:
        with race_app.app_context():
            barrier.wait()
            try:
                send_alert_digests()
            except Exception as error:  # noqa: BLE001 - every failure is reported below
                errors.append(repr(error))

    threads = [threading.Thread(target=work) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    with race_app.app_context():
        digests = db.session.scalar(
            select(func.count(Notification.id)).where(
                Notification.user_id == reader_id,
                Notification.kind == NotificationKind.NEW_IN_YOUR_AREAS,
            )
        )
        assert digests == 1
        assert db.session.scalar(select(func.count()).select_from(AlertRun)) == 1
