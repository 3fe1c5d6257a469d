"""Two counters of one shop redeem two category vouchers at the same instant while the shop's
pledge has one unit left this month: exactly one is redeemed, the other is told the shop has no
more; one donation is recorded. No 500, no "database is locked". A database of its own, on
SQLite and on PostgreSQL alike (the pattern of test_redemption_race)."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import func, select

from app import create_app
from app.didimdol.models import DonationRecord, Voucher, VoucherStatus
from app.extensions import db
from tests.conftest import RequestIsolatingClient, _test_database_url, reset_and_migrate
from tests.didimdol.test_redemption_race import send_together
from tests.didimdol.world import build_world, issue
from tests.factories import add_member, login, make_user

pytestmark = pytest.mark.own_app


@pytest.fixture(scope="module")
def race_app(tmp_dir):
    app = create_app(
        "testing", overrides={"SQLALCHEMY_DATABASE_URI": _test_database_url(tmp_dir, "_category")}
    )
    app.test_client_class = RequestIsolatingClient
    reset_and_migrate(app)
    yield app
    with app.app_context():
        db.engine.dispose()


def test_two_category_redemptions_at_one_shop_with_one_unit_left_redeem_one(race_app):
    with race_app.app_context():
        world = build_world()
        world.pledge.monthly_capacity = 1
        second_counter = make_user()
        add_member(world.enrolment.organisation, second_counter)
        codes = [issue(world, pledge=None, category=world.category).code for _ in range(2)]
        cashiers = [world.people["donor_staff"], second_counter]
        db.session.commit()
        clients = []
        for cashier in cashiers:
            client = race_app.test_client()
            login(client, cashier)
            clients.append(client)

    answers = send_together(
        [(c, "/redeem/confirm", {"code": code}) for c, code in zip(clients, codes, strict=True)]
    )
    summary = [
        "redeemed"
        if isinstance(a, tuple) and a[0] == 302
        else "no more"
        if isinstance(a, tuple) and "This shop has no more" in a[1]
        else str(a)[:80]
        for a in answers
    ]
    print(f"\ncategory redemptions of the last unit at one instant: {dict(Counter(summary))}")
    assert sorted(summary) == ["no more", "redeemed"]
    with race_app.app_context():
        assert db.session.scalar(select(func.count(DonationRecord.id))) == 1
        redeemed = select(func.count(Voucher.id)).where(Voucher.status == VoucherStatus.REDEEMED)
        assert db.session.scalar(redeemed) == 1
