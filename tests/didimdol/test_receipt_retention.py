"""A receipt's donor name and registration number go DIDIMDOL_RECEIPT_KEPT_YEARS after it was
issued (5 by default); its number, amount and status stay."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.didimdol.receipts import issue_document
from app.didimdol.receipts_models import DonationDocument, DonationDocumentKind
from app.extensions import db
from app.retention import apply_rule, retention_rules
from tests.didimdol.receipts_world import build_receipts_world

ISSUED = datetime(2027, 1, 20, 1, 0, tzinfo=UTC)


@pytest.fixture
def rw(app, monkeypatch):
    monkeypatch.setitem(app.config, "DIDIMDOL_DONEE_ID", None)
    return build_receipts_world(app)


def _rule():
    (rule,) = [rule for rule in retention_rules() if rule.kind == "didimdol_receipt_donor"]
    return rule


def test_a_receipt_s_donor_goes_five_years_after_issue_and_its_number_stays(rw):
    officer = rw.world.people["programme_officer"]
    receipt = issue_document(
        rw.world.enrolment, 2026, DonationDocumentKind.RECEIPT, officer, ISSUED
    )
    assert apply_rule(_rule(), datetime(2032, 1, 19, tzinfo=UTC)).erased == 0
    assert apply_rule(_rule(), datetime(2032, 1, 21, tzinfo=UTC)).erased == 1
    kept = db.session.get(DonationDocument, receipt.id)
    db.session.refresh(kept)
    assert (kept.donor_name, kept.business_number) == ("", "")
    assert (kept.number, kept.amount) == (f"D{rw.donee.id}-2026-000001", 106_500)


def test_the_period_is_a_setting(app, rw, monkeypatch):
    monkeypatch.setitem(app.config, "DIDIMDOL_RECEIPT_KEPT_YEARS", 10)
    officer = rw.world.people["programme_officer"]
    issue_document(rw.world.enrolment, 2026, DonationDocumentKind.RECEIPT, officer, ISSUED)
    assert apply_rule(_rule(), datetime(2032, 1, 21, tzinfo=UTC)).erased == 0
