"""What a copy of the database shows without the vault's keys: no beneficiary's name or phone,
no business registration number, no voucher code in plain text."""

from __future__ import annotations

import pytest

from app.extensions import db
from tests.didimdol.world import NAME_MARKER, PHONE_MARKER, build_world, issue
from tests.raw_dump import database_of_its_own, raw_dump


@pytest.mark.own_app
def test_a_dump_holds_no_name_phone_registration_number_or_code(tmp_dir):
    with database_of_its_own(tmp_dir, "_didimdol_at_rest"):
        world = build_world()
        issued = issue(world, pin="907153")
        number = world.enrolment.business_number
        db.session.commit()
        markers = [
            NAME_MARKER,
            PHONE_MARKER,
            PHONE_MARKER.replace("-", ""),
            number,
            f"{number[:3]}-{number[3:5]}-{number[5:]}",
            issued.code,
        ]
        # The PIN is a salted hash (werkzeug): six digits are not looked for, as they could
        # occur by chance in the dump's hex and base64.
        assert not raw_dump().holding(markers)
