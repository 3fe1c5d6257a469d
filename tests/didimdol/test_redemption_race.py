"""Two counters redeem one voucher at the same instant: exactly one succeeds, one donation is
recorded, and the other is told the voucher is no longer valid (no 500, no "database is
locked"). A database of its own (own_app: these requests commit for real), on SQLite and on
PostgreSQL alike; each request from its own thread and test client, released by a barrier."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from sqlalchemy import func, select

from app import create_app
from app.didimdol.models import DonationRecord, LedgerEvent, LedgerEventKind
from app.extensions import db
from tests.conftest import RequestIsolatingClient, _test_database_url, reset_and_migrate
from tests.didimdol.world import build_world, issue
from tests.factories import add_member, login, make_user

pytestmark = pytest.mark.own_app
COUNTERS = 2


@pytest.fixture(scope="module")
def race_app(tmp_dir):
    app = create_app(
        "testing", overrides={"SQLALCHEMY_DATABASE_URI": _test_database_url(tmp_dir, "_redeem")}
    )
    app.test_client_class = RequestIsolatingClient
    reset_and_migrate(app)
    yield app
    with app.app_context():
        db.engine.dispose()


def test_two_simultaneous_redemptions_of_one_code_exactly_one_succeeds(race_app):
    with race_app.app_context():
        world = build_world()
        second_counter = make_user()
        add_member(world.enrolment.organisation, second_counter)
        code = issue(world).code
        cashiers = [world.people["donor_staff"], second_counter]
        db.session.commit()
        clients = []
        for cashier in cashiers:
            client = race_app.test_client()
            login(client, cashier)
            clients.append(client)

    barrier = threading.Barrier(COUNTERS)
    answers: list = []

    def send(client) -> None:
        barrier.wait()
        try:
            response = client.post(
                "/redeem/confirm", data={"code": code}, headers={"Accept-Language": "en"}
            )
        except Exception as error:  # noqa: BLE001 - every failure is an answer to report
            answers.append(repr(error))
            return
        page = response.get_data(as_text=True)
        answers.append(
            "redeemed"
            if response.status_code == 302
            else "refused"
            if "already used, has expired or was cancelled" in page
            else f"{response.status_code}?"
        )

    threads = [threading.Thread(target=send, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(f"\nredemptions at one instant: {dict(Counter(answers))}")
    assert sorted(answers) == ["redeemed", "refused"]
    with race_app.app_context():
        assert db.session.scalar(select(func.count(DonationRecord.id))) == 1
        redeemed = select(func.count(LedgerEvent.id)).where(
            LedgerEvent.kind == LedgerEventKind.REDEEMED
        )
        assert db.session.scalar(redeemed) == 1
