"""Gapless numbers: the next of a series, taken in the caller's transaction.

One statement adds 1 to the series' row (creating it at 1): PostgreSQL holds that row's lock
until the transaction ends, so a concurrent issue waits and then reads the committed number;
SQLite lets one writer at a time (app.transactions). A transaction that rolls back returns its
number, so no number is skipped; max()+1 would hand two issues the same one.
"""

from __future__ import annotations

from app.didimdol.receipts_models import SerialCounter
from app.extensions import db
from app.geo import dialect_insert


def next_number(series: str) -> int:
    table = SerialCounter.__table__
    statement = dialect_insert(db.session, table).values(series=series, last=1)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.series], set_={"last": table.c.last + 1}
    ).returning(table.c.last)
    return int(db.session.execute(statement).scalar_one())
