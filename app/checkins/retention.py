"""The check-in members' retention rule (app.retention): a member's name and phone serve the
welfare checks while they belong to the group; a year after they left, both are destroyed.
The row (its label, dates and check-ins) stays, so the group's figures stay the same."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l

from app.checkins.models import CheckinMember
from app.clock import seoul_day
from app.retention import EraseFields, retention_rule


def _left_before(cutoff: datetime):
    return CheckinMember.left_on < seoul_day(cutoff)


retention_rule(
    "checkin_member_identity",
    CheckinMember,
    # One year: long enough to answer a question about a welfare check made from the group.
    period="P1Y",
    due=_left_before,
    erase=EraseFields({"name": "", "phone": ""}),
    description=_l("Check-in groups: a member's name and phone, a year after they left"),
)
