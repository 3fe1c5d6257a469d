"""The visits' retention rules (app.retention): what a visit, its amendments and a sweep's
households keep, and for how long.

VISIT_KEPT_YEARS (3 by default; the privacy officer may set RETENTION[kind]) after a visit's
day its notes go, and its amendments (whose values are old and new notes or outcomes) are
deleted; after a sweep's last day its households lose their names, phones, addresses, notes and
blind indexes. Visits stay with their dong, day, kind and outcome, so the counts of the sweep
board and of the dongs do not change.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.retention import DeleteRows, EraseFields, retention_rule
from app.visits.models import Sweep, SweepHousehold, Visit, VisitAmendment


def _kept_years(config) -> str:
    return f"P{int(config['VISIT_KEPT_YEARS'])}Y"


def _visit_before(cutoff: datetime):
    return Visit.planned_on < cutoff.date()


retention_rule(
    "visit_notes",
    Visit,
    period=_kept_years,
    due=_visit_before,
    erase=EraseFields({"notes": ""}),
    description=_l("Outreach visits: the visitor's notes (the outcome and the day stay)"),
)

retention_rule(
    "visit_amendments",
    VisitAmendment,
    period=_kept_years,
    due=lambda cutoff: VisitAmendment.visit_id.in_(select(Visit.id).where(_visit_before(cutoff))),
    erase=DeleteRows(),
    description=_l("Amendments of outreach visits: the corrected values and their reasons"),
)

retention_rule(
    "sweep_households",
    SweepHousehold,
    period=_kept_years,
    due=lambda cutoff: SweepHousehold.sweep_id.in_(
        select(Sweep.id).where(Sweep.ends_on < cutoff.date())
    ),
    erase=EraseFields(
        {
            "name": "",
            "phone": "",
            "phone_index": None,
            "address_text": "",
            "address_index": None,
            "notes": "",
        }
    ),
    description=_l("Households of seasonal sweeps: names, phones, addresses and notes"),
)
