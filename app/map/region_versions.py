"""The map regions' versions kept in process memory, so that a kept tile needs no database.

A tile's version (app.map.tiles) was one read of map_region_versions per request: with the
pooled session's ping, BEGIN and ROLLBACK, four round trips for an answer already kept. Every
process now keeps a copy of the whole table (one row per ~8 km region: hundreds of rows for a
city) and checks it at most every MAP_REGION_VERSIONS_SECONDS with ONE cheap statement, the
rows' count and the sum of their versions; counters only grow, so any write changes the sum,
and only then are the rows read again. A write committed by another process is thus seen
within that interval (it must stay well under the one-second freshness goal), and a write
committed by this process at once: a bump marks every copy in the process out of date.
"""

from __future__ import annotations

import math
import threading
import time
from typing import Any

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session, scoped_session

from app.map.models import MapRegionVersion

_c = MapRegionVersion.__table__.c
# Built once: compiled once per dialect and found in the statement cache afterwards.
_FINGERPRINT = select(func.count(), func.coalesce(func.sum(_c.version), 0))
_ALL = select(_c.rx, _c.ry, _c.version)

_BUMPED = "map_regions_bumped"
# Raised by every bump this process commits (or flushes: a test may read before its commit).
# A copy older than this generation reads again on its next use, whatever its interval says.
_generation = 0


def mark_bumped(session: Session | scoped_session[Any]) -> None:
    """Called where region versions are raised (app.map.clusters)."""
    global _generation
    session.info[_BUMPED] = True
    _generation += 1


@event.listens_for(Session, "after_commit")
def _seen_on_commit(session: Session) -> None:
    global _generation
    if session.info.pop(_BUMPED, False):
        _generation += 1


@event.listens_for(Session, "after_soft_rollback")
def _forget_on_rollback(session: Session, _previous: object) -> None:
    global _generation
    if session.info.pop(_BUMPED, False):
        _generation += 1  # what the copies read during the transaction is gone


class RegionVersions:
    """One process's copy of map_region_versions (app.extensions["map_region_versions"])."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._versions: dict[tuple[int, int], int] = {}
        self._fingerprint: tuple[int, int] | None = None
        self._read_at = -math.inf
        self._generation = -1
        self._lock = threading.Lock()

    def forget(self) -> None:
        """Read again on the next use (the tests roll the table back between tests)."""
        with self._lock:
            self._fingerprint = None
            self._read_at = -math.inf

    def _current(self) -> bool:
        return self._generation == _generation and time.monotonic() - self._read_at < self.seconds

    def peek(self) -> dict[tuple[int, int], int] | None:
        """The copy if it needs no check now (app.map.kept_tiles answers without a session)."""
        return self._versions if self._current() else None

    def versions(self, session: Session | scoped_session[Any]) -> dict[tuple[int, int], int]:
        if self._current():
            return self._versions
        with self._lock:
            if self._current():  # another thread read them while this one waited
                return self._versions
            # Taken before the read: a bump committed meanwhile makes the next use read again,
            # and the interval counts from before the read, so a copy is never older than it.
            generation, started = _generation, time.monotonic()
            count, total = session.execute(_FINGERPRINT).one()
            fingerprint = (int(count), int(total))
            if fingerprint != self._fingerprint:
                self._versions = {
                    (rx, ry): int(version) for rx, ry, version in session.execute(_ALL)
                }
                self._fingerprint = fingerprint
            self._generation, self._read_at = generation, started
            return self._versions
