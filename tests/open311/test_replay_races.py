"""A partner's request sent several times at the same instant (a retrying bridge) makes one
report, and every answer is the first one: on a database of its own (own_app), each copy from
its own thread and test client, let go together by a barrier."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from app.areas.models import AreaLevel
from app.extensions import db
from app.open311.services import add_partner
from app.reports.models import Report
from tests.conftest import RequestIsolatingClient
from tests.factories import make_area, make_user
from tests.raw_dump import database_of_its_own

COPIES = 4


@pytest.mark.own_app
def test_copies_sent_together_make_one_report_and_the_same_answer(tmp_dir):
    with database_of_its_own(tmp_dir, "_open311_races") as app:
        app.test_client_class = RequestIsolatingClient
        gu = make_area(level=AreaLevel.GU, bounds=(126.96, 37.55, 127.00, 37.58))
        make_area(parent=gu, bounds=(126.97, 37.56, 126.98, 37.57))
        partner = add_partner("Bridge", "ops", make_user())
        db.session.commit()
        data = {
            "api_key": partner.key,
            "service_code": "report-health",
            "long": "126.975",
            "lat": "37.565",
            "description": "A neighbour has not answered the door for days",
            "attribute[about]": "neighbour",
            "attribute[partner_request_id]": "BRIDGE-77",
        }
        barrier = threading.Barrier(COPIES)
        answers: list = []

        def send() -> None:
            client = app.test_client()
            barrier.wait()
            try:
                response = client.post("/open311/v2/requests.json", data=data)
                answers.append((response.status_code, response.get_data(as_text=True)))
            except BaseException as error:  # noqa: BLE001  (any failure fails the test)
                answers.append(error)

        threads = [threading.Thread(target=send) for _ in range(COPIES)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(set(map(str, answers))) == 1, answers
        assert answers[0][0] == 200
        db.session.expire_all()
        assert db.session.scalar(select(func.count(Report.id))) == 1
