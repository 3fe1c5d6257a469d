"""A voucher slip sent by email: through the worker to a real SMTP server, with the code and
the last valid day and nothing that says who or which facility; the send is one EXPORT row of
the access log; a bad address is answered at its field."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.access_log import AccessAction, AccessLogEntry
from app.didimdol import codes
from app.didimdol.facilities import SUBJECT_KIND
from app.extensions import db
from tests.didimdol.world import FACILITY_MARKER, NAME_MARKER, PHONE_MARKER, build_world, issue
from tests.factories import field_error, login

ADDRESS = "slip.reader@example.org"


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def client(english_client):
    return english_client


def _text(email) -> str:
    return email.get_body(preferencelist=("plain",)).get_content()


def _exports() -> list[AccessLogEntry]:
    return list(
        db.session.scalars(
            select(AccessLogEntry).where(
                AccessLogEntry.subject_kind == SUBJECT_KIND,
                AccessLogEntry.action == AccessAction.EXPORT,
            )
        )
    )


def test_the_slip_goes_by_email_with_the_code_and_validity_only(client, world, worker_delivers):
    issued = issue(world)
    login(client, world.people["facility_officer"])
    answer = client.post(
        f"/didimdol/vouchers/{issued.voucher.id}/email",
        data={"email": ADDRESS, "language": "en"},
    )
    assert answer.status_code == 302
    (email,) = [m for m in worker_delivers.messages if ADDRESS in m["To"]]
    body = _text(email)
    assert codes.grouped(issued.code) in body
    assert "June 30, 2030" in body
    whole = email.as_string() + body
    for secret in (FACILITY_MARKER, NAME_MARKER, PHONE_MARKER, world.pledge.unit):
        assert secret not in whole
    assert [e.subject_id for e in _exports()] == [world.beneficiary.id]


def test_a_korean_slip_email(client, world, worker_delivers):
    issued = issue(world)
    login(client, world.people["facility_officer"])
    client.post(
        f"/didimdol/vouchers/{issued.voucher.id}/email", data={"email": ADDRESS, "language": "ko"}
    )
    (email,) = [m for m in worker_delivers.messages if ADDRESS in m["To"]]
    assert email["Subject"] == "디딤돌 이용권"
    assert "2030년 6월 30일" in _text(email)


@pytest.mark.parametrize("typed", ["", "not-an-address", "a@" + "b" * 260 + ".org"])
def test_a_bad_address_is_answered_at_its_field_and_nothing_is_sent(
    client, world, worker_delivers, typed
):
    issued = issue(world)
    login(client, world.people["facility_officer"])
    answer = client.post(
        f"/didimdol/vouchers/{issued.voucher.id}/email", data={"email": typed, "language": "en"}
    )
    assert answer.status_code == 200
    assert field_error(answer.get_data(as_text=True), "email")
    assert worker_delivers.messages == []
    assert _exports() == []
