"""Key rotation: which key id holds each sealed value, and re-sealing all under the current key.

Sealed columns are found by walking the metadata for the vault's column types, so a later
feature's columns rotate without being listed anywhere. Values are read and written raw (as
the database holds them, through a bare table of the same name), in batches by primary key,
each batch its own transaction: an interrupted rotation keeps what it did, and running it
again skips every value already under the current key (idempotent, so resumable).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import LargeBinary, MetaData, Text, bindparam, column, func, select, table, update
from sqlalchemy.orm import Session, scoped_session

from app.vault import (
    KeyRing,
    VaultError,
    _Sealed,
    key_id_of,
    key_ring,
    open_sealed,
    open_text,
    seal,
    seal_text,
    text_as_sealed,
)

NOT_SEALED = "(not sealed)"  # a value of a sealed column that no key id can be read from


@dataclass(frozen=True)
class SealedColumn:
    table: str
    column: str
    primary_key: str
    place: str  # what the column type binds its values to
    binary: bool

    @property
    def name(self) -> str:
        return f"{self.table}.{self.column}"

    def raw(self) -> Any:
        """The table as bare columns: values pass as stored, neither sealed nor opened."""
        value_type = LargeBinary() if self.binary else Text()
        return table(self.table, column(self.primary_key), column(self.column, value_type))

    def key_id(self, stored: str | bytes) -> str:
        try:
            if isinstance(stored, str):
                return key_id_of(text_as_sealed(stored))
            return key_id_of(bytes(stored))
        except VaultError:
            return NOT_SEALED

    def reseal(self, stored: str | bytes, ring: KeyRing) -> str | bytes:
        if isinstance(stored, str):
            return seal_text(self.place, open_text(self.place, stored, ring), ring)
        return seal(self.place, open_sealed(self.place, bytes(stored), ring), ring)


def sealed_columns(metadata: MetaData) -> list[SealedColumn]:
    found = []
    for model_table in metadata.sorted_tables:
        for model_column in model_table.columns:
            if not isinstance(model_column.type, _Sealed):
                continue
            keys = list(model_table.primary_key.columns)
            if len(keys) != 1:
                raise ValueError(f"{model_table.name}: sealed columns need a one-column key")
            found.append(
                SealedColumn(
                    table=model_table.name,
                    column=model_column.name,
                    primary_key=keys[0].name,
                    place=model_column.type.place,
                    binary=isinstance(model_column.type.impl_instance, LargeBinary),
                )
            )
    return found


def _batches(session: Any, sealed: SealedColumn, size: int) -> Iterator[Sequence[Any]]:
    raw = sealed.raw()
    key, value = raw.c[sealed.primary_key], raw.c[sealed.column]
    last = None
    while True:
        # NULL and empty text hold nothing sealed (EncryptedText keeps "" as it is).
        query = select(key, value).where(func.length(value) > 0).order_by(key).limit(size)
        if last is not None:
            query = query.where(key > last)
        rows = session.execute(query).all()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def key_counts(
    session: Session | scoped_session, metadata: MetaData, batch_size: int = 1000
) -> dict:
    """{"table.column": Counter(key id: values)}, NULLs left out."""
    counts: dict[str, Counter] = {}
    for sealed in sealed_columns(metadata):
        counter: Counter = Counter()
        for rows in _batches(session, sealed, batch_size):
            counter.update(sealed.key_id(stored) for _, stored in rows)
        counts[sealed.name] = counter
    return counts


@dataclass
class RotationCount:
    resealed: int = 0
    already_current: int = 0
    unreadable: int = 0  # not sealed, or sealed by a key no longer in the ring: left as it is


def rotate(
    session: Session | scoped_session,
    metadata: MetaData,
    batch_size: int = 500,
    after_batch: Callable[[str, RotationCount], None] = lambda name, count: None,
) -> dict[str, RotationCount]:
    """Re-seal every value not under the current key; commits after each batch."""
    ring = key_ring()
    results = {}
    for sealed in sealed_columns(metadata):
        count = RotationCount()
        raw = sealed.raw()
        change = (
            update(raw)
            .where(raw.c[sealed.primary_key] == bindparam("row_key"))
            .values({sealed.column: bindparam("resealed")})
        )
        for rows in _batches(session, sealed, batch_size):
            changes = []
            for row_key, stored in rows:
                if sealed.key_id(stored) == ring.current_id:
                    count.already_current += 1
                    continue
                try:
                    changes.append({"row_key": row_key, "resealed": sealed.reseal(stored, ring)})
                except VaultError:
                    count.unreadable += 1
            if changes:
                session.execute(change, changes)
                count.resealed += len(changes)
            session.commit()
            after_batch(sealed.name, count)
        results[sealed.name] = count
    return results
