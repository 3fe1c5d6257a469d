"""The visits' retention rules (app.retention): what a visit, its amendments and a sweep's
households keep, and for how long.

VISIT_KEPT_YEARS (3 by default; the privacy officer may set RETENTION[kind]) after a visit was
recorded (or planned, if never recorded) its notes go; as long after an amendment, the
amendment (old and new values, reason) is deleted; as long after a household was imported, it
loses its name, phone, address, notes and blind indexes. Visits stay with their dong, day,
kind and outcome, so the counts of the sweep board and of the dongs do not change.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func

from app.retention import DeleteRows, EraseFields, retention_rule
from app.visits.models import SweepHousehold, Visit, VisitAmendment


def _kept_years(config) -> str:
    return f"P{int(config['VISIT_KEPT_YEARS'])}Y"


def _visit_before(cutoff: datetime):
    # The moment of the last record (a day alone could not be compared with the cutoff's
    # moment without rounding a day either way).
    return func.coalesce(Visit.recorded_at, Visit.created_at) < cutoff


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
    due=lambda cutoff: VisitAmendment.at < cutoff,
    erase=DeleteRows(),
    description=_l("Amendments of outreach visits: the corrected values and their reasons"),
)

retention_rule(
    "sweep_households",
    SweepHousehold,
    period=_kept_years,
    due=lambda cutoff: SweepHousehold.created_at < cutoff,
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
