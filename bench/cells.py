"""Rebuilding `pin_cells` after a bulk load: the app's Python rebuild and a set-based SQL one.

`rebuild_cells_sql` does in one INSERT … SELECT what app.map.clusters.rebuild_cells does pin
by pin: the same Web Mercator cell math as `cell_of` (clamped latitude, truncation toward
zero, cells clamped to the grid), the same keys (the public point's areas, 0 for a pin
outside every area; an unlisted offer counts nowhere) and the same sums. `compare_cells`
proves the two agree on a loaded database.
"""

from __future__ import annotations

import time

from app.map.clusters import CELL_PIXELS, CLUSTER_ZOOMS, MAX_LAT

KEY = ("zoom", "cx", "cy", "kind", "status", "category_id", "dong_key", "gu_key")

# Written to mirror cell_of() operation by operation in float8, so the cells come out
# bit-for-bit the same (PostgreSQL's sin/ln are the C library's, like Python's math).
REBUILD_SQL = f"""
INSERT INTO pin_cells (zoom, cx, cy, kind, status, category_id, dong_key, gu_key,
                       pins, sum_lon, sum_lat)
SELECT z.zoom, c.cx, c.cy, p.kind, p.status, p.category_id,
       coalesce(p.public_dong_id, 0), coalesce(p.public_gu_id, 0),
       count(*), sum(p.public_lon), sum(p.public_lat)
FROM pins p
CROSS JOIN generate_series({CLUSTER_ZOOMS[0]}, {CLUSTER_ZOOMS[-1]}) AS z(zoom)
CROSS JOIN LATERAL (
    SELECT ((1::bigint << z.zoom) * 256)::float8 / {CELL_PIXELS}::float8 AS cells,
           sin(radians(greatest(-{MAX_LAT}::float8,
                                least({MAX_LAT}::float8, p.public_lat)))) AS sin_lat
) g
CROSS JOIN LATERAL (
    SELECT least(g.cells::bigint - 1,
                 greatest(0, trunc((p.public_lon + 180.0::float8) / 360.0::float8 * g.cells)
                             ::bigint))::int AS cx,
           least(g.cells::bigint - 1,
                 greatest(0, trunc((0.5::float8 - ln((1 + g.sin_lat) / (1 - g.sin_lat))
                                    / (4 * pi())) * g.cells)::bigint))::int AS cy
) c
WHERE p.public_lon IS NOT NULL AND p.public_lat IS NOT NULL AND p.listed
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
"""  # noqa: S608 (constants only)


def rebuild_cells_sql(conn) -> dict[str, float]:
    """Recount every cell from the pins in one statement; committed. Returns timings."""
    started = time.perf_counter()
    with conn.cursor() as cur:
        cur.execute("SET LOCAL work_mem = '256MB'")
        cur.execute("TRUNCATE pin_cells")
        cur.execute(REBUILD_SQL)
        rows = cur.rowcount
    conn.commit()
    return {"sql_rebuild_s": time.perf_counter() - started, "cells": rows}


def rebuild_totals_app(app) -> dict[str, float]:
    """pin_cell_totals (when the app has it) from pin_cells, by the app's own set-based
    `rebuild_totals`, as after any rebuild of pin_cells."""
    from app.map import clusters

    if not hasattr(clusters, "rebuild_totals"):
        return {}
    from app.extensions import db

    started = time.perf_counter()
    with app.app_context():
        clusters.rebuild_totals(db.session)
        db.session.commit()
        db.session.remove()
    return {"totals_rebuild_s": time.perf_counter() - started}


def cell_tables(conn) -> list[str]:
    """pin_cells, and pin_cell_totals where the schema has it."""
    with conn.cursor() as cur:
        cur.execute("SELECT to_regclass('pin_cell_totals') IS NOT NULL")
        return ["pin_cells", "pin_cell_totals"] if cur.fetchone()[0] else ["pin_cells"]


def rebuild_cells_python(app) -> dict[str, float]:
    """The app's own rebuild (app.map.clusters.rebuild_cells through the ORM); committed."""
    from app.extensions import db
    from app.map.clusters import rebuild_cells

    started = time.perf_counter()
    with app.app_context():
        seen = rebuild_cells(db.session)
        db.session.commit()
        db.session.remove()
    return {"python_rebuild_s": time.perf_counter() - started, "pins_seen": seen}


def snapshot(conn, table: str, name: str) -> None:
    with conn.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {name}")
        cur.execute(f"CREATE TABLE {name} AS SELECT * FROM {table}")  # noqa: S608
    conn.commit()


def compare_cells(conn, table: str, other: str) -> dict[str, int | float]:
    """Differences between a cell table and its snapshot: keys in only one of them, counts
    that differ, and the largest difference of a coordinate sum (float sums depend on order)."""
    with conn.cursor() as cur:
        cur.execute(
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
            "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = %s::regclass AND i.indisprimary",
            (table,),
        )
        key = [row[0] for row in cur.fetchall()] or list(KEY)
    on = " AND ".join(f"a.{k} = b.{k}" for k in key)
    with conn.cursor() as cur:
        cur.execute(
            f"""
            SELECT count(*) FILTER (WHERE a.zoom IS NULL),
                   count(*) FILTER (WHERE b.zoom IS NULL),
                   count(*) FILTER (WHERE a.pins <> b.pins),
                   coalesce(max(greatest(abs(a.sum_lon - b.sum_lon),
                                         abs(a.sum_lat - b.sum_lat))), 0),
                   count(*)
            FROM {table} a FULL JOIN {other} b ON {on}
            """  # noqa: S608 (our own table and column names)
        )
        only_snapshot, only_rebuilt, count_differs, max_sum_diff, total = cur.fetchone()
    return {
        "cells": total,
        "only_in_python_rebuild": only_snapshot,
        "only_in_sql_rebuild": only_rebuilt,
        "count_differs": count_differs,
        "max_sum_difference": max_sum_diff,
        "identical": only_snapshot == only_rebuilt == count_differs == 0 and max_sum_diff < 1e-6,
    }


def drop_snapshot(conn, name: str) -> None:
    with conn.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {name}")
    conn.commit()
