"""Two workers (or four) scanning at the same instant make one report per missed streak: on a
database of its own (own_app: these commit for real), each scan in its own thread and app
context, let go together by a barrier."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from app.checkins.models import CheckinConcern
from app.checkins.tasks import scan_checkins
from app.extensions import db
from app.reports.models import Report
from tests.checkins.factories import make_group, make_member
from tests.raw_dump import database_of_its_own

WORKERS = 4


@pytest.mark.own_app
def test_workers_scanning_together_make_one_report(tmp_dir):
    with database_of_its_own(tmp_dir, "_checkin_races") as app:
        group = make_group(missed_limit=2)
        for number in range(3):
            make_member(group, joined_days_ago=4, label=f"{number + 1}번 회원")
        db.session.commit()
        barrier = threading.Barrier(WORKERS)
        failures: list[BaseException] = []

        def scan() -> None:
            with app.app_context():
                barrier.wait()
                try:
                    scan_checkins()
                except BaseException as error:  # noqa: BLE001  (any failure fails the test)
                    failures.append(error)

        threads = [threading.Thread(target=scan) for _ in range(WORKERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert failures == []
        db.session.expire_all()
        assert db.session.scalar(select(func.count(Report.id))) == 3  # one per member
        assert db.session.scalar(select(func.count(CheckinConcern.id))) == 3
