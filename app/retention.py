"""Retention: each kind of personal record has a rule, and a daily job destroys its identifying
fields (or whole rows) once the rule's period has run out, keeping the counts.

PIPA Art. 21 asks that personal information be destroyed without delay once its purpose is
served or its period of retention ends. A rule names what starts the clock (a need's closing, a
match's end, a link's expiry), how long it runs (a default, overridden by the operator's privacy
officer in `RETENTION`, e.g. `RETENTION = {"need_exact_place": "P5Y"}`) and what is destroyed.
Rows whose identifying fields are destroyed stay with their category, area, dates and status,
so every figure counted from them stays the same.

A feature registers its rules from its own `retention.py` (the core imports no feature), and a
later welfare feature does the same, e.g. for the dong office's closed reports:

    from app.retention import EraseFields, retention_rule

    retention_rule(
        "report_identity",
        DiscoveryReport,
        period="P180D",
        due=lambda cutoff: (DiscoveryReport.status.in_(CLOSED_AS_NO_CASE))
        & (DiscoveryReport.closed_at < cutoff),
        erase=EraseFields({"address_enc": None, "descriptor_enc": None, "phone_enc": None}),
        description=_l("Reports closed without a case: address, descriptor and phone"),
    )

`run_retention()` applies every rule in batches and records one `retention_runs` row per kind;
a row already erased is never counted again, so a second run erases nothing more.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from dateutil.relativedelta import relativedelta
from flask import current_app
from sqlalchemy import Integer, String, delete, false, func, inspect, or_, select, true, update
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.elements import ColumnElement

from app.clock import utcnow
from app.dbtypes import UTCDateTime
from app.extensions import Model, db

BATCH_SIZE = 500  # rows per statement: small enough for SQLite's variable limit and short locks


class RetentionRun(Model):
    """One run of one rule: how many records it erased (the counts of what was destroyed)."""

    __tablename__ = "retention_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(60), index=True)
    erased: Mapped[int] = mapped_column(Integer)
    period: Mapped[str] = mapped_column(String(20))  # the period in force, as the rule read it
    ran_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


# --- what a rule destroys ----------------------------------------------------------------------


@dataclass(frozen=True)
class EraseFields:
    """Set these columns to a fixed placeholder (None for NULL); the row stays."""

    placeholders: Mapping[str, Any]


@dataclass(frozen=True)
class DeleteRows:
    """Delete the whole row (what nothing counts: links, sessions, keys). `one_by_one` goes
    through the ORM, for tables whose listeners keep other figures (the map's clusters)."""

    one_by_one: bool = False


@dataclass(frozen=True)
class EraseEach:
    """Call `erase(record)` on each due record (a feature's own service, e.g. moving a pin),
    for those `still_identifying()` selects."""

    erase: Callable[[Any, datetime], None]
    still_identifying: Callable[[], ColumnElement[bool]]


Erasure = EraseFields | DeleteRows | EraseEach


@dataclass(frozen=True)
class RetentionRule:
    kind: str
    model: Any  # a mapped class with a one-column integer primary key
    # The default period: an ISO 8601 duration of years, months, days ("P3Y", "P6M", "P30D"),
    # or a function of the configuration (for periods the site already states elsewhere).
    period: str | Callable[[Mapping[str, Any]], str]
    # Given the cutoff (now minus the period): the rows whose clock started before it.
    due: Callable[[datetime], ColumnElement[bool]]
    erase: Erasure
    description: Any  # a lazy translated string: what is destroyed, from when

    @property
    def key(self) -> Any:
        return inspect(self.model).primary_key[0]

    def period_in_force(self) -> str:
        configured = current_app.config.get("RETENTION", {}).get(self.kind)
        if configured is not None:
            return str(configured)
        return self.period(current_app.config) if callable(self.period) else self.period

    def cutoff(self, now: datetime) -> datetime:
        return now - parse_period(self.period_in_force())

    def pending(self) -> ColumnElement[bool]:
        """Rows that still hold what the rule destroys (so a second run finds none)."""
        erase = self.erase
        if isinstance(erase, EraseEach):
            return erase.still_identifying()
        if isinstance(erase, DeleteRows):
            return true()
        conditions = []
        for name, placeholder in erase.placeholders.items():
            column = getattr(self.model, name)
            if placeholder is None:
                conditions.append(column.is_not(None))
            elif placeholder == "":
                # Also for sealed columns, which take no comparison (app.vault keeps "" as is).
                conditions.append(func.length(column) > 0)
            else:
                conditions.append(column.is_distinct_from(placeholder))
        return or_(*conditions) if conditions else false()


_RULES: dict[str, RetentionRule] = {}


def retention_rule(
    kind: str,
    model: Any,
    *,
    period: str | Callable[[Mapping[str, Any]], str],
    due: Callable[[datetime], ColumnElement[bool]],
    erase: Erasure,
    description: Any,
) -> RetentionRule:
    """Register the rule for a kind of record (once; a second registration replaces it)."""
    if not callable(period):
        parse_period(period)  # a typo fails at start-up, not at 03:30
    rule = RetentionRule(kind, model, period, due, erase, description)
    _RULES[kind] = rule
    return rule


def retention_rules() -> list[RetentionRule]:
    return sorted(_RULES.values(), key=lambda rule: rule.kind)


_PERIOD = re.compile(r"^P(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<days>\d+)D)?$")


def parse_period(text: str) -> relativedelta:
    """An ISO 8601 duration of whole years, months and days ("P3Y", "P6M", "P1Y6M", "P30D").
    Calendar arithmetic: three years after 29 February is 28 February."""
    found = _PERIOD.match(text.strip().upper())
    if found is None or not any(found.groupdict().values()):
        raise ValueError(f"A retention period is like P3Y, P6M or P30D, not {text!r}")
    return relativedelta(**{unit: int(n or 0) for unit, n in found.groupdict().items()})


# --- running the rules -------------------------------------------------------------------------


def _due_ids(rule: RetentionRule, cutoff: datetime, after: int, limit: int) -> list[int]:
    return list(
        db.session.scalars(
            select(rule.key)
            .where(rule.due(cutoff), rule.pending(), rule.key > after)
            .order_by(rule.key)
            .limit(limit)
        )
    )


def _erase(rule: RetentionRule, ids: list[int], now: datetime) -> None:
    erase, model, key = rule.erase, rule.model, rule.key
    if isinstance(erase, EraseFields):
        db.session.execute(
            update(model)
            .where(key.in_(ids))
            .values(dict(erase.placeholders))
            .execution_options(synchronize_session=False)
        )
    elif isinstance(erase, DeleteRows) and not erase.one_by_one:
        db.session.execute(
            delete(model).where(key.in_(ids)).execution_options(synchronize_session=False)
        )
    else:
        for record in db.session.scalars(select(model).where(key.in_(ids))):
            if isinstance(erase, EraseEach):
                erase.erase(record, now)
            else:
                db.session.delete(record)
    db.session.flush()


def count_due(rule: RetentionRule, now: datetime | None = None) -> int:
    """What a run would erase now (the dry run)."""
    cutoff = rule.cutoff(now or utcnow())
    query = select(func.count()).select_from(rule.model).where(rule.due(cutoff), rule.pending())
    return db.session.scalar(query) or 0


def apply_rule(
    rule: RetentionRule, now: datetime | None = None, batch_size: int = BATCH_SIZE
) -> RetentionRun:
    """Erase what is due under one rule, batch by batch, and record the run. Flushes; the
    caller commits (the job after each rule, so SQLite's write lock is held briefly)."""
    now = now or utcnow()
    cutoff = rule.cutoff(now)
    erased, last_id = 0, 0
    while ids := _due_ids(rule, cutoff, last_id, batch_size):
        _erase(rule, ids, now)
        erased += len(ids)
        last_id = ids[-1]
        if len(ids) < batch_size:
            break
    # Bulk statements leave loaded objects stale: nothing read after this may see old values.
    db.session.expire_all()
    run = RetentionRun(kind=rule.kind, erased=erased, period=rule.period_in_force(), ran_at=now)
    db.session.add(run)
    db.session.flush()
    return run


def run_retention(
    now: datetime | None = None, commit: Callable[[], None] | None = None
) -> Iterator[RetentionRun]:
    """Apply every rule in turn, calling `commit` after each (if given)."""
    now = now or utcnow()
    for rule in retention_rules():
        run = apply_rule(rule, now)
        if commit is not None:
            commit()
        yield run
