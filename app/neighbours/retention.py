"""The Sharing Neighbours' retention rule (app.retention): the scanned pledge is proof of the
pledge while the appointment may be questioned; some years after the appointment ended (its
term's last day, or its revocation) it is destroyed. The appointment row stays (the dong's
counts, the reports marked as a neighbour's), with the day and version of the pledge."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l

from app.clock import seoul_day
from app.neighbours.models import NeighbourAppointment
from app.retention import EraseFields, retention_rule


def _ended_before(cutoff: datetime):
    return (NeighbourAppointment.term_ends_on < seoul_day(cutoff)) | (
        NeighbourAppointment.revoked_at < cutoff
    )


retention_rule(
    "neighbour_pledge_scan",
    NeighbourAppointment,
    # 3 years, as for needs and counselling records: long enough for a complaint about a
    # breach of the pledge to be checked against what was signed.
    period="P3Y",
    due=_ended_before,
    erase=EraseFields({"pledge_scan": None}),
    description=_l("Sharing Neighbours: the scanned pledge, after the appointment ended"),
)
