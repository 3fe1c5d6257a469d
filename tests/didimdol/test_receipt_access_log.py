"""Receipts' pages show donors' registration numbers (or a sole trader's own name): each look
writes exactly one access-log row, and a refused look writes none."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.access_log import AccessAction, AccessLogEntry
from app.didimdol.receipts import issue_document
from app.didimdol.receipts_access import DOCUMENT_KIND, YEAR_KIND
from app.didimdol.receipts_models import DonationDocumentKind
from app.extensions import db
from tests.didimdol.receipts_world import build_receipts_world
from tests.factories import login


@pytest.fixture
def rw(app, monkeypatch):
    monkeypatch.setitem(app.config, "DIDIMDOL_DONEE_ID", None)
    return build_receipts_world(app)


@pytest.fixture
def client(english_client):
    return english_client


def _rows(kind: str, subject_id: int) -> list[AccessLogEntry]:
    db.session.expire_all()
    statement = select(AccessLogEntry).where(
        AccessLogEntry.subject_kind == kind, AccessLogEntry.subject_id == subject_id
    )
    return list(db.session.scalars(statement))


def test_each_pdf_download_writes_one_row_naming_the_reader(client, rw):
    officer = rw.world.people["programme_officer"]
    document = issue_document(rw.world.enrolment, 2026, DonationDocumentKind.RECEIPT, officer)
    db.session.commit()
    donor = rw.world.people["donor_rep"]
    login(client, donor)
    assert client.get(f"/didimdol/receipts/{document.id}.pdf").status_code == 200
    rows = _rows(DOCUMENT_KIND, document.id)
    assert [(r.actor_id, r.action, r.route) for r in rows] == [
        (donor.id, AccessAction.EXPORT, "didimdol.document_download")
    ]
    client.get(f"/didimdol/receipts/{document.id}.pdf")
    assert len(_rows(DOCUMENT_KIND, document.id)) == 2


def test_a_refused_download_writes_nothing(client, rw):
    officer = rw.world.people["programme_officer"]
    document = issue_document(rw.world.enrolment, 2026, DonationDocumentKind.RECEIPT, officer)
    db.session.commit()
    login(client, rw.world.people["other_donor"])
    assert client.get(f"/didimdol/receipts/{document.id}.pdf").status_code == 404
    assert _rows(DOCUMENT_KIND, document.id) == []


def test_the_year_s_list_and_its_csv_write_one_row_each(client, rw):
    issue_document(
        rw.world.enrolment, 2026, DonationDocumentKind.RECEIPT, rw.world.people["programme_officer"]
    )
    db.session.commit()
    login(client, rw.donee_officer)
    assert client.get("/staff/didimdol/receipts?year=2026").status_code == 200
    assert [r.action for r in _rows(YEAR_KIND, 2026)] == [AccessAction.VIEW]
    assert client.get("/staff/didimdol/receipts/2026.csv").status_code == 200
    actions = sorted(r.action for r in _rows(YEAR_KIND, 2026))
    assert actions == [AccessAction.EXPORT, AccessAction.VIEW]
    assert {r.actor_id for r in _rows(YEAR_KIND, 2026)} == {rw.donee_officer.id}
