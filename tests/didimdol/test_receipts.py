"""Year-end receipts and certificates: the amount is the sum of the donor's eligible records of
the Seoul year to the won (the year before, a reversal and the services left out of the
receipt); serials are gapless per donee, kind and year, a void keeps its number and a re-issue
takes the next; issuing all donors twice issues once; the PDF opens and says it in Korean."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app.didimdol.receipt_pdf import document_pdf
from app.didimdol.receipts import amounts, issue_all, issue_document, void_document
from app.didimdol.receipts_errors import AlreadyIssued, NothingToReceipt, ReasonRequired
from app.didimdol.receipts_models import (
    DonationDocument,
    DonationDocumentKind,
    DonationDocumentStatus,
)
from app.extensions import db
from tests.didimdol.pdf_text import pdf_text
from tests.didimdol.receipts_world import HAIRCUT, RICE, build_receipts_world, give
from tests.didimdol.world import make_enrolment, make_pledge

RECEIPT = DonationDocumentKind.RECEIPT
CERTIFICATE = DonationDocumentKind.CERTIFICATE


@pytest.fixture
def rw(app, monkeypatch):
    monkeypatch.setitem(app.config, "DIDIMDOL_DONEE_ID", None)
    return build_receipts_world(app)


def test_a_receipt_is_the_sum_of_the_year_s_goods_to_the_won(rw):
    officer = rw.world.people["programme_officer"]
    receipt = issue_document(rw.world.enrolment, 2026, RECEIPT, officer)
    # 2 + 1 boxes in Seoul's 2026; the one of 2025 and the reversed one left out, haircuts too
    assert receipt.amount == 3 * RICE == 106_500
    certificate = issue_document(rw.world.enrolment, 2026, CERTIFICATE, officer)
    assert certificate.amount == 3 * HAIRCUT
    assert amounts(2025, RECEIPT) == {rw.world.enrolment.id: RICE}


def test_all_kinds_receipted_by_setting_means_one_receipt_and_no_certificate(app, rw, monkeypatch):
    monkeypatch.setitem(app.config, "DIDIMDOL_RECEIPT_KINDS", ("goods", "service"))
    officer = rw.world.people["programme_officer"]
    assert (
        issue_document(rw.world.enrolment, 2026, RECEIPT, officer).amount == 3 * RICE + 3 * HAIRCUT
    )
    assert [d.kind for d in issue_all(2026, officer)] == []


def test_serials_are_gapless_a_void_keeps_its_number_and_a_reissue_takes_the_next(rw):
    officer = rw.world.people["programme_officer"]
    first = issue_document(rw.world.enrolment, 2026, RECEIPT, officer)
    with pytest.raises(AlreadyIssued):
        issue_document(rw.world.enrolment, 2026, RECEIPT, officer)
    with pytest.raises(ReasonRequired):
        void_document(first, "  ", officer)
    void_document(first, "The donor's name was misspelt", officer)
    again = issue_document(rw.world.enrolment, 2026, RECEIPT, officer)
    other = make_enrolment(None)
    rice = make_pledge(other, rw.world.category, rw.world.dong, kind="goods", unit_value=1_000)
    rw.world.enrolment, barber = other, rw.world.enrolment  # the other donor redeems
    give(rw.world, rice, datetime(2026, 5, 5, 3, tzinfo=UTC))
    rw.world.enrolment = barber
    third = issue_all(2026, officer)
    assert [d.enrolment_id for d in third if d.kind == RECEIPT] == [other.id]
    assert issue_all(2026, officer) == []  # idempotent
    receipts = db.session.scalars(
        select(DonationDocument)
        .where(DonationDocument.donee_id == rw.donee.id, DonationDocument.kind == RECEIPT)
        .order_by(DonationDocument.serial)
    ).all()
    assert [(d.serial, d.status) for d in receipts] == [
        (1, DonationDocumentStatus.VOID),
        (2, DonationDocumentStatus.ISSUED),
        (3, DonationDocumentStatus.ISSUED),
    ]
    assert receipts[0].void_reason == "The donor's name was misspelt"
    assert again.number == f"D{rw.donee.id}-2026-000002"


def test_nothing_given_is_nothing_to_receipt(rw):
    with pytest.raises(NothingToReceipt):
        issue_document(rw.world.enrolment, 2024, RECEIPT, rw.world.people["programme_officer"])


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        (RECEIPT, ["기부금영수증", "106,500"]),
        (CERTIFICATE, ["기부 확인서", "36,000", "세액공제"]),
    ],
)
def test_the_pdf_opens_and_says_it_in_korean(app, rw, kind, words):
    document = issue_document(rw.world.enrolment, 2026, kind, rw.world.people["programme_officer"])
    with app.test_request_context(headers={"Accept-Language": "ko"}):
        pdf = document_pdf(document)
    text = pdf_text(pdf)
    for word in words + [document.number, "서울사회복지공동모금회"]:
        assert word in text
    assert "MarkerName" not in text
