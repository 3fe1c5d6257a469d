"""Didimdol's retention rules (app.retention). The ledger and the donation records stay (they
are the donors' record and, later, their receipts'); what names a person goes.

- A beneficiary's name, phone and its index, some years after the facility stopped looking
  after them (left_at): the row, birth year and groups stay, so counts and vouchers hold.
- Wrong codes typed at a counter, after a month: they serve only the hour's lock and a later
  look at anomalies.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l

from app.didimdol.models import Beneficiary, WrongCode
from app.retention import DeleteRows, EraseFields, retention_rule

retention_rule(
    "didimdol_beneficiary_identity",
    Beneficiary,
    # 5 years: the period of the welfare records the Social Security Information Service keeps
    # for a service given; a facility's audit may ask who received what that long.
    period="P5Y",
    due=lambda cutoff: Beneficiary.left_at < cutoff,
    erase=EraseFields({"name": "", "phone": "", "phone_index": None}),
    description=_l("Didimdol: a beneficiary's name and phone, after the facility's care ended"),
)


def _typed_before(cutoff: datetime):
    return WrongCode.at < cutoff


retention_rule(
    "didimdol_wrong_codes",
    WrongCode,
    period="P30D",
    due=_typed_before,
    erase=DeleteRows(),
    description=_l("Didimdol: wrong voucher codes typed at a counter"),
)


from app.didimdol import (  # noqa: E402, F401  (the receipts' and the invitations' own rules)
    association_retention,
    receipts_retention,
)
