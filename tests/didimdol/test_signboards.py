"""Signboards: a donor gets one only after DIDIMDOL_SIGNBOARD_MONTHS approved months or
DIDIMDOL_SIGNBOARD_REDEMPTIONS standing redemptions; one standing board per donor; numbers
city-wide, gapless across donors and never reused after a revoke; a suspended donor's board
is not active."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.didimdol.enrolment import decide
from app.didimdol.models import DonorEnrolment, EnrolmentChange, EnrolmentStatus
from app.didimdol.receipts_errors import AlreadySignboarded, NotYetEligible
from app.didimdol.signboards import is_active, issue_signboard, revoke_signboard, whole_months
from app.extensions import db
from tests.didimdol.world import build_world, make_enrolment


@pytest.fixture
def world(app, monkeypatch):
    monkeypatch.setitem(app.config, "DIDIMDOL_SIGNBOARD_MONTHS", 6)
    monkeypatch.setitem(app.config, "DIDIMDOL_SIGNBOARD_REDEMPTIONS", 20)
    return build_world()


def _approved_on(officer, when: datetime) -> DonorEnrolment:
    enrolment = make_enrolment(None)
    change = EnrolmentChange(
        enrolment=enrolment, status=EnrolmentStatus.APPROVED, at=when, by_id=officer.id
    )
    db.session.add(change)
    db.session.flush()
    return enrolment


def test_months_are_whole_seoul_months():
    assert (
        whole_months(datetime(2026, 1, 15, 3, tzinfo=UTC), datetime(2026, 3, 15, 3, tzinfo=UTC))
        == 2
    )
    assert (
        whole_months(datetime(2026, 1, 15, 3, tzinfo=UTC), datetime(2026, 3, 14, 3, tzinfo=UTC))
        == 1
    )


def test_a_board_waits_for_six_approved_months_then_numbers_run_city_wide(world):
    officer = world.people["programme_officer"]
    approved = datetime(2026, 1, 10, 3, tzinfo=UTC)
    first, second = _approved_on(officer, approved), _approved_on(officer, approved)
    with pytest.raises(NotYetEligible):
        issue_signboard(first, officer, now=datetime(2026, 7, 9, 3, tzinfo=UTC))
    board = issue_signboard(first, officer, now=datetime(2026, 7, 10, 3, tzinfo=UTC))
    with pytest.raises(AlreadySignboarded):
        issue_signboard(first, officer, now=datetime(2026, 7, 10, 3, tzinfo=UTC))
    other = issue_signboard(second, officer, now=datetime(2026, 7, 10, 3, tzinfo=UTC))
    assert other.number == board.number + 1
    revoke_signboard(board, "Stopped giving", officer)
    assert not is_active(board)
    again = issue_signboard(first, officer, now=datetime(2026, 8, 1, 3, tzinfo=UTC))
    assert again.number == other.number + 1
    decide(second, EnrolmentStatus.SUSPENDED, officer, "")
    assert not is_active(other)
