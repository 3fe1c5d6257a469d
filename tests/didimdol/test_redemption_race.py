"""At the same instant: two counters redeem one voucher, and exactly one succeeds (one
donation recorded, the other told the voucher is no longer valid); two officers issue the last
voucher of a month, and exactly one is issued. No 500, no "database is locked".

A database of its own (own_app: these requests commit for real), on SQLite and on PostgreSQL
alike; each request from its own thread and test client, released by a barrier."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from sqlalchemy import func, select

from app import create_app
from app.didimdol.models import DonationRecord, LedgerEvent, LedgerEventKind, Voucher
from app.extensions import db
from tests.conftest import RequestIsolatingClient, _test_database_url, reset_and_migrate
from tests.didimdol.world import build_world, issue
from tests.factories import add_member, login, make_user

pytestmark = pytest.mark.own_app


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


def send_together(requests: list) -> list:
    """Each (client, url, data) sent from its own thread at once; each answer as (status, page)
    or the error it raised."""
    barrier = threading.Barrier(len(requests))
    answers: list = []

    def send(client, url: str, data: dict) -> None:
        barrier.wait()
        try:
            response = client.post(url, data=data, headers={"Accept-Language": "en"})
        except Exception as error:  # noqa: BLE001 - every failure is an answer to report
            answers.append(repr(error))
            return
        answers.append((response.status_code, response.get_data(as_text=True)))

    threads = [threading.Thread(target=send, args=request) for request in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_two_officers_issuing_the_month_s_last_voucher_at_once_issue_one(race_app):
    with race_app.app_context():
        world = build_world()
        world.facility.monthly_quota = 1
        colleague = make_user()
        add_member(world.facility.organisation, colleague)
        url = (
            f"/didimdol/facilities/{world.facility.id}"
            f"/beneficiaries/{world.beneficiary.id}/vouchers/new"
        )
        data = {"pledge": f"p{world.pledge.id}", "units": "1", "valid_until": "2030-01-31"}
        facility_id = world.facility.id
        officers = [world.people["facility_officer"], colleague]
        db.session.commit()
        clients = []
        for officer in officers:
            client = race_app.test_client()
            login(client, officer)
            clients.append(client)

    answers = send_together([(client, url, data) for client in clients])
    summary = [
        "issued"
        if isinstance(a, tuple) and a[0] == 302
        else "quota"
        if isinstance(a, tuple) and "all of its vouchers for this month" in a[1]
        else str(a)[:80]
        for a in answers
    ]
    print(f"\nissues of the last voucher at one instant: {dict(Counter(summary))}")
    assert sorted(summary) == ["issued", "quota"]
    with race_app.app_context():
        issued = select(func.count(Voucher.id)).where(Voucher.facility_id == facility_id)
        assert db.session.scalar(issued) == 1


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

    answers = send_together([(c, "/redeem/confirm", {"code": code}) for c in clients])
    answers = [
        "redeemed"
        if isinstance(a, tuple) and a[0] == 302
        else "refused"
        if isinstance(a, tuple) and "already used, has expired or was cancelled" in a[1]
        else str(a)[:80]
        for a in answers
    ]
    print(f"\nredemptions at one instant: {dict(Counter(answers))}")
    assert sorted(answers) == ["redeemed", "refused"]
    with race_app.app_context():
        assert db.session.scalar(select(func.count(DonationRecord.id))) == 1
        redeemed = select(func.count(LedgerEvent.id)).where(
            LedgerEvent.kind == LedgerEventKind.REDEEMED
        )
        assert db.session.scalar(redeemed) == 1
