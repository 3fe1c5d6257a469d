"""Proposed changes, measured on the same data: what would make the endpoint meet its goals.

- `PROPOSED_INDEXES`: covering indexes (a migration, no code change). The endpoint's own
  statements then run as index-only scans; pins_api.py measures the endpoint again with them.
- A SQL-only variant of the endpoint's statements (it needs code changes, so the endpoint
  cannot be measured with it here): the round trips the app's pooled session adds around
  each request.
"""

from __future__ import annotations

import time

import psycopg
from sql_mirror import SqlClient, Statement

# Name -> (statement, what identifies it in pg_indexes.indexdef). A proposal the schema
# already has (under any name) is not created again.
PROPOSED_INDEXES = {
    # z16: the viewport's pins without touching the table (index-only scan). Adopted by
    # migration 9372fa528054 as ix_pins_public_lat_lon.
    "bench_pins_public_lat_lon_cover": (
        "CREATE INDEX bench_pins_public_lat_lon_cover ON pins (public_lat, public_lon) "
        "INCLUDE (id, kind, category_id, status, expires_at)",
        "(public_lat, public_lon) INCLUDE (id, kind, category_id, status, expires_at)",
    ),
    # Clusters with a category or area filter (read from pin_cells): a viewport's cells of
    # one status are contiguous, in (cx, cy) order, and the filter columns are in the index,
    # so the table is not visited. (Without the filter columns in INCLUDE the planner still
    # picks the index and then fetches every row to test the filter: twice as slow.)
    "bench_pin_cells_zoom_status_cx_cy_cover": (
        "CREATE INDEX bench_pin_cells_zoom_status_cx_cy_cover ON pin_cells "
        "(zoom, status, cx, cy) "
        "INCLUDE (pins, sum_lon, sum_lat, kind, category_id, dong_key, gu_key)",
        "(zoom, status, cx, cy) INCLUDE (pins, sum_lon, sum_lat, kind, category_id, dong_key,",
    ),
}


def create_proposed_indexes(dsn: str) -> dict:
    """Create the proposals the schema lacks; returns what was done, with times and sizes."""
    done: dict = {}
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("SET maintenance_work_mem = '256MB'")
        for name, (statement, signature) in PROPOSED_INDEXES.items():
            present = conn.execute(
                "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexdef LIKE %s",
                (f"%{signature}%",),
            ).fetchone()
            if present:
                done[name] = f"already in the schema as {present[0]}"
                continue
            started = time.perf_counter()
            conn.execute(statement)
            size = conn.execute(
                "SELECT pg_relation_size(%s::regclass) / 1e6::float8", (name,)
            ).fetchone()[0]
            done[name] = f"created in {time.perf_counter() - started:.1f} s, {size:.0f} MB"
        conn.execute("VACUUM (ANALYZE) pins")
        conn.execute("VACUUM (ANALYZE) pin_cells")
    return done


def drop_proposed(dsn: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        for name in PROPOSED_INDEXES:
            conn.execute(f"DROP INDEX IF EXISTS {name}")


class SessionLikeClient(SqlClient):
    """The endpoint's statements with the round trips the app's pooled session adds around
    each request: the pool's pre-ping (";"), BEGIN, the statements, ROLLBACK on return."""

    def __init__(self, dsn: str, statements: list[list[Statement]]) -> None:
        self.connection = psycopg.connect(dsn)  # not autocommit: BEGIN before the first query
        self.statements = statements

    def fetch(self, i: int) -> int:
        self.connection.execute(";")
        rows = super().fetch(i)
        self.connection.rollback()
        return rows
