"""At the counter: the redemption page (and the confirmation) shows the service, units and
validity and nothing of the person, their facility or their welfare; a PIN; ten wrong codes in
an hour lock the business; a reversal within 24 hours cancels the donation by a linked record;
another donor's code is a wrong code."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app.clock import utcnow
from app.didimdol.errors import ReversalTooLate
from app.didimdol.models import (
    DonationRecord,
    LedgerEvent,
    LedgerEventKind,
    Voucher,
    VoucherStatus,
    WrongCode,
)
from app.didimdol.redemption import WRONG_CODES_PER_HOUR, redeem, reverse
from app.extensions import db
from tests.didimdol.world import (
    FACILITY_MARKER,
    MID_MARCH,
    NAME_MARKER,
    PHONE_MARKER,
    build_world,
    issue,
)
from tests.factories import field_error, login

MARKERS = (NAME_MARKER, PHONE_MARKER, PHONE_MARKER.replace("-", ""), FACILITY_MARKER, "1944")
WELFARE_WORDS = ("welfare", "beneficiar", "older people", "복지", "facility")


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def client(english_client):
    return english_client


def _reveals_nothing(page: str) -> None:
    for marker in MARKERS:
        assert marker not in page
    # The site's own footer names welfare hotlines on every page; the page's part is <main>.
    lowered = page[page.index("<main") : page.index("</main>")].lower()
    for word in WELFARE_WORDS:
        assert word not in lowered, word


def test_the_counter_sees_the_service_units_and_validity_and_nothing_of_the_person(client, world):
    issued = issue(world, pin="4321")
    login(client, world.people["donor_staff"])
    typed = issued.code.lower()[:8] + " " + issued.code[8:]  # as a person types it
    checked = client.post("/redeem", data={"code": typed}).get_data(as_text=True)
    assert "Valid voucher" in checked and "A haircut" in checked
    _reveals_nothing(checked)

    wrong_pin = client.post("/redeem/confirm", data={"code": issued.code, "pin": "0000"})
    assert wrong_pin.status_code == 200 and "The PIN is wrong." in wrong_pin.get_data(as_text=True)
    done = client.post("/redeem/confirm", data={"code": issued.code, "pin": "4321"})
    assert done.status_code == 302
    page = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "A haircut" in page and "Reverse the redemption" in page
    _reveals_nothing(page)
    donation = db.session.scalar(select(DonationRecord))
    assert (donation.units, donation.unit_value, donation.value) == (1, 12_000, 12_000)


def test_a_confirmation_without_a_code_is_answered_at_the_code_field(client, world):
    login(client, world.people["donor_staff"])
    page = client.post("/redeem/confirm", data={"code": ""}).get_data(as_text=True)
    assert field_error(page, "code") == "Type the code printed on the voucher."


def test_a_typo_is_caught_by_the_check_symbol_and_is_not_counted(client, world):
    code = issue(world).code
    # Two neighbouring symbols that differ (the same two swapped would change nothing), before
    # the check symbol at the end.
    i = next(
        i for i in range(len(code) - 2) if code[i] != code[i + 1] and "-" not in code[i : i + 2]
    )
    swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
    login(client, world.people["donor_staff"])
    page = client.post("/redeem", data={"code": swapped}).get_data(as_text=True)
    assert "This is not a voucher code" in page
    assert db.session.scalar(select(func.count(WrongCode.id))) == 0


def test_another_donor_s_code_is_a_wrong_code_and_ten_lock_the_business(client, world):
    issued = issue(world)
    login(client, world.people["other_donor"])
    for _ in range(WRONG_CODES_PER_HOUR):
        page = client.post("/redeem", data={"code": issued.code}).get_data(as_text=True)
        assert "No valid voucher has this code." in page
    assert db.session.scalar(select(func.count(WrongCode.id))) == WRONG_CODES_PER_HOUR
    locked = client.post("/redeem", data={"code": issued.code}).get_data(as_text=True)
    assert "Too many wrong codes" in locked
    # The lock is the business's: the voucher's own donor still redeems it.
    client.post("/logout")
    login(client, world.people["donor_staff"])
    assert client.post("/redeem/confirm", data={"code": issued.code}).status_code == 302


def test_a_reversal_within_24_hours_cancels_the_donation_by_a_linked_record(world):
    issued = issue(world)
    staff = world.people["donor_staff"]
    redeemed_at = utcnow()
    voucher = redeem(issued.code, "", world.enrolment, staff, now=redeemed_at)
    reverse(
        voucher, "No barber today", world.enrolment, staff, now=redeemed_at + timedelta(hours=23)
    )
    db.session.expire_all()
    assert voucher.status == VoucherStatus.ISSUED
    records = db.session.scalars(select(DonationRecord).order_by(DonationRecord.id)).all()
    assert [r.value for r in records] == [12_000, -12_000]
    assert records[1].cancels_id == records[0].id
    kinds = db.session.scalars(
        select(LedgerEvent.kind)
        .where(LedgerEvent.voucher_id == voucher.id)
        .order_by(LedgerEvent.id)
    ).all()
    assert kinds == [LedgerEventKind.ISSUED, LedgerEventKind.REDEEMED, LedgerEventKind.REVERSED]
    # Used again, then too late to reverse.
    again = redeem(issued.code, "", world.enrolment, staff, now=redeemed_at + timedelta(days=1))
    with pytest.raises(ReversalTooLate):
        reverse(again, "Late", world.enrolment, staff, now=redeemed_at + timedelta(days=2, hours=1))


def test_an_expired_voucher_is_not_redeemed(client, world):
    issued = issue(world, valid_until=date(2026, 3, 31), now=MID_MARCH)
    login(client, world.people["donor_staff"])
    page = client.post("/redeem", data={"code": issued.code}).get_data(as_text=True)
    assert "already used, has expired or was cancelled" in page
    assert db.session.get(Voucher, issued.voucher.id).status == VoucherStatus.ISSUED
