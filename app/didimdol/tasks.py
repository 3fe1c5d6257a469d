"""Didimdol's periodic job: vouchers past their last day are marked expired, each once, with
its ledger event (app.didimdol.vouchers.expire_vouchers)."""

from __future__ import annotations

from huey import crontab

from app.didimdol.vouchers import expire_vouchers
from app.extensions import db
from app.jobs import periodic
from app.transactions import writing


# 15:05 UTC is 00:05 in Seoul: just after a voucher's last day has ended.
@periodic(crontab(hour="15", minute="5"))
def expire_past_vouchers() -> None:
    with writing():
        expire_vouchers()
        db.session.commit()
