"""Issue 16, item 6: `flask pins expire` (and its hourly job) work a batch of needs at a time,
commit after each, and leave no cluster cell counting 0 pins behind."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from app.clock import utcnow
from app.extensions import db
from app.map.clusters import cell_discrepancies
from app.map.models import PinCell, PinCellTotal
from app.pins import services, tasks
from app.pins.models import Pin, PinKind, PinStatus
from tests.factories import make_category, make_pin


def _overdue_needs(count: int) -> list[Pin]:
    category = make_category()
    needs = [
        make_pin(category=category, lon=126.90 + i * 0.013, lat=37.50 + i * 0.007)
        for i in range(count)
    ]
    for need in needs:
        need.expires_at = utcnow() - timedelta(hours=1)
    db.session.flush()
    return needs


def _empty_cells() -> int:
    return sum(
        db.session.scalar(select(func.count()).select_from(model).where(model.pins <= 0)) or 0
        for model in (PinCell, PinCellTotal)
    )


def test_expiry_in_batches_expires_every_due_need_and_leaves_no_empty_cell(monkeypatch):
    needs = _overdue_needs(7)
    offer = make_pin(kind=PinKind.OFFER, lon=126.91, lat=37.51)
    monkeypatch.setattr(tasks, "EXPIRY_BATCH", 3)
    commits = []
    monkeypatch.setattr(db.session, "commit", lambda: commits.append(1) or db.session.flush())

    assert tasks.expire_in_batches() == 7

    assert len(commits) == 3  # 3 + 3 + 1: a commit per batch, so a crash resumes
    assert {db.session.get(Pin, n.id).status for n in needs} == {PinStatus.EXPIRED}
    assert db.session.get(Pin, offer.id).status == PinStatus.OPEN
    # Every need sat alone in its cells: their open counts reached 0 and are gone...
    assert _empty_cells() == 0
    # ...and the counts kept are exactly those recounted from the pins (expired ones included).
    assert cell_discrepancies(db.session) == []
    assert db.session.scalar(
        select(func.count()).select_from(PinCell).where(PinCell.status == "expired")
    )


def test_a_stopped_run_resumes_where_it_stopped():
    needs = _overdue_needs(5)
    assert services.expire_due_needs(limit=2) == 2  # the first batch, then the worker stops
    assert tasks.expire_in_batches() == 3
    assert tasks.expire_in_batches() == 0
    assert {db.session.get(Pin, n.id).status for n in needs} == {PinStatus.EXPIRED}


def test_an_emptied_cell_is_deleted_only_once_it_holds_no_pin():
    category = make_category()
    staying = make_pin(category=category)
    leaving = make_pin(category=category)
    leaving.expires_at = utcnow() - timedelta(minutes=1)
    db.session.flush()

    assert services.expire_due_needs() == 1

    open_cells = db.session.scalars(select(PinCell).where(PinCell.status == "open")).all()
    assert open_cells and all(cell.pins == 1 for cell in open_cells)  # the one staying
    assert staying.status == PinStatus.OPEN
    assert _empty_cells() == 0
