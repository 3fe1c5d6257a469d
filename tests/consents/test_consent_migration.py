"""The migration carries the consents already on record into consent_records: a neighbour's
consent on a need (collection and use, dated as the author said) and an author's agreement to
show a need's words (publication), on an existing database of either kind."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import select

from app import create_app
from app.clock import seoul_today
from app.consents.models import ConsentMethod, ConsentPurpose, ConsentRecord
from app.extensions import db
from app.pins.consent import ConsentDetails
from app.pins.models import ConsentChannel, ConsentRelationship
from tests.conftest import PROJECT_ROOT, _test_database_url, reset_and_migrate
from tests.factories import make_pin, make_user

pytestmark = pytest.mark.own_app
MIGRATIONS = str(PROJECT_ROOT / "migrations")
BEFORE_CONSENT_RECORDS = "4f2b7c9e1a08"


def test_the_consents_on_record_become_consent_records(tmp_dir):
    app = create_app(
        "testing",
        overrides={"SQLALCHEMY_DATABASE_URI": _test_database_url(tmp_dir, "_consent_migration")},
    )
    reset_and_migrate(app)
    agreed = seoul_today() - timedelta(days=4)
    with app.app_context():
        author = make_user()
        for_neighbour = make_pin(
            author,
            text_shared=False,
            consent=ConsentDetails(ConsentRelationship.FAMILY, ConsentChannel.WRITING, agreed),
        )
        shared = make_pin(author, text_shared=True, lon=126.99, lat=37.57)
        make_pin(author, text_shared=False, lon=127.01, lat=37.58)  # neither: no row
        ids = (author.id, for_neighbour.id, shared.id)
        db.session.commit()
        downgrade(directory=MIGRATIONS, revision=BEFORE_CONSENT_RECORDS)  # as it was
        upgrade(directory=MIGRATIONS)
        rows = db.session.scalars(select(ConsentRecord).order_by(ConsentRecord.id)).all()
        found = [
            (r.subject_id, r.purpose, r.method, r.given_on, r.obtained_by_id, r.person_id)
            for r in rows
        ]
        author_id, neighbour_need, shared_need = ids
        assert found == [
            (
                neighbour_need,
                ConsentPurpose.COLLECTION_AND_USE,
                ConsentMethod.SIGNED_PAPER,
                agreed,
                author_id,
                None,
            ),
            (
                shared_need,
                ConsentPurpose.PUBLICATION,
                ConsentMethod.ONLINE,
                seoul_today(),
                author_id,
                author_id,
            ),
        ]
        assert all(r.recorded_at.tzinfo is not None for r in rows)
        db.session.remove()
        db.engine.dispose()
