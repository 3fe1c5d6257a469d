"""At the same instant: two issuers each issue a different donor's receipt of one year, and the
serials are 1 and 2 (no number twice, none skipped); a third issue after a void takes 3.

A database of its own (own_app: these requests commit for real), on SQLite and on PostgreSQL
alike; each request from its own thread and test client, released by a barrier."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app import create_app
from app.didimdol.receipts import void_document
from app.didimdol.receipts_models import DonationDocument, DonationDocumentKind
from app.extensions import db
from app.submissions import new_submission_key
from tests.conftest import RequestIsolatingClient, _test_database_url, reset_and_migrate
from tests.didimdol.receipts_world import build_receipts_world, give
from tests.didimdol.test_redemption_race import send_together
from tests.didimdol.world import make_enrolment, make_pledge
from tests.factories import login

pytestmark = pytest.mark.own_app


@pytest.fixture(scope="module")
def race_app(tmp_dir):
    app = create_app(
        "testing", overrides={"SQLALCHEMY_DATABASE_URI": _test_database_url(tmp_dir, "_receipts")}
    )
    app.test_client_class = RequestIsolatingClient
    reset_and_migrate(app)
    yield app
    with app.app_context():
        db.engine.dispose()


def test_two_issues_at_one_instant_take_consecutive_serials(race_app):
    with race_app.app_context():
        rw = build_receipts_world(race_app)
        barber = rw.world.enrolment
        baker = make_enrolment(None)
        bread = make_pledge(baker, rw.world.category, rw.world.dong, kind="goods")
        rw.world.enrolment = baker  # the baker's counter redeems
        give(rw.world, bread, datetime(2026, 7, 1, 3, tzinfo=UTC))
        issuers = [rw.world.people["programme_officer"], rw.donee_officer]
        donors = [barber.id, baker.id]
        donee_id = rw.donee.id
        db.session.commit()
        clients = []
        for issuer in issuers:
            client = race_app.test_client()
            login(client, issuer)
            clients.append(client)

    form = {"year": "2026", "kind": "receipt"}
    answers = send_together(
        [
            (
                client,
                "/staff/didimdol/receipts/issue",
                {**form, "enrolment": str(donor), "submission_key": new_submission_key()},
            )
            for client, donor in zip(clients, donors, strict=True)
        ]
    )
    assert [a[0] if isinstance(a, tuple) else a for a in answers] == [302, 302]
    with race_app.app_context():
        race_app.config["DIDIMDOL_DONEE_ID"] = donee_id
        receipts = db.session.scalars(
            select(DonationDocument)
            .where(DonationDocument.donee_id == donee_id)
            .order_by(DonationDocument.serial)
        ).all()
        print(f"\nserials issued at one instant: {[r.serial for r in receipts]}")
        assert sorted(r.serial for r in receipts) == [1, 2]
        assert {r.enrolment_id for r in receipts} == set(donors)
        void_document(receipts[0], "Wrong donor name", receipts[0].issued_by)  # type: ignore[arg-type]
        db.session.commit()

    response = clients[0].post(
        "/staff/didimdol/receipts/issue",
        data={**form, "enrolment": str(receipts[0].enrolment_id)},
    )
    assert response.status_code == 302
    with race_app.app_context():
        serials = db.session.scalars(
            select(DonationDocument.serial)
            .where(
                DonationDocument.donee_id == donee_id,
                DonationDocument.kind == DonationDocumentKind.RECEIPT,
            )
            .order_by(DonationDocument.serial)
        ).all()
        assert serials == [1, 2, 3]
