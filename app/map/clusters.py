"""Server-side clusters: a grid per zoom level, counted on every write.

A cluster cell is CELL_PIXELS square on screen at its zoom (Web Mercator tiles), so the map
gets at most a few hundred clusters for any viewport. The counts live in `pin_cells` and
change with each pin that is added, moved, re-categorised, changes state or is deleted; a
request only sums the cells in its viewport.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, cast

from sqlalchemy import Table, bindparam, delete, event, func, inspect, select, update
from sqlalchemy.orm import Session, scoped_session

from app.geo import dialect_insert
from app.map import region_versions
from app.map.models import MapRegionVersion, PinCell, PinCellTotal
from app.pins.models import Pin

CELL_PIXELS = 64
CLUSTER_ZOOMS = range(8, 16)  # from 16 on, the map gets individual pins
# The tiles whose versions are kept (MapRegionVersion): about 8 km square in Seoul, so a write
# leaves the cached tiles of the rest of the city alone. Must be one of CLUSTER_ZOOMS (its
# cells name the regions a write touched) and its grid nests in tiles (4 × 4 cells a tile).
REGION_ZOOM = 12
CELLS_PER_TILE_SHIFT = 2  # 256-pixel tiles of 64-pixel cells: 4 cells a side
MAX_LAT = 85.05112878


class CellKey(NamedTuple):
    zoom: int
    cx: int
    cy: int
    kind: str
    status: str
    category_id: int
    dong_key: int
    gu_key: int


def cell_of(lon: float, lat: float, zoom: int) -> tuple[int, int]:
    """The cluster cell (column, row) containing a point at a zoom level."""
    cells = (1 << zoom) * 256 / CELL_PIXELS
    lat = max(-MAX_LAT, min(MAX_LAT, lat))
    x = (lon + 180.0) / 360.0
    sin_lat = math.sin(math.radians(lat))
    y = 0.5 - math.log((1 + sin_lat) / (1 - sin_lat)) / (4 * math.pi)
    last = int(cells) - 1
    return min(last, max(0, int(x * cells))), min(last, max(0, int(y * cells)))


def cluster_zoom(zoom: int) -> int | None:
    """The grid a map at this zoom reads, or None when it should get individual pins."""
    if zoom > CLUSTER_ZOOMS[-1]:
        return None
    return max(zoom, CLUSTER_ZOOMS[0])


class _Contribution(NamedTuple):
    lon: float
    lat: float
    kind: str
    status: str
    category_id: int
    dong_key: int
    gu_key: int


def _contribution(values: dict) -> _Contribution | None:
    if values["public_lon"] is None or values["public_lat"] is None:
        return None
    if values["listed"] is False:  # an "I can help" offer counts in no cluster (Pin.listed)
        return None
    return _Contribution(
        float(values["public_lon"]),
        float(values["public_lat"]),
        str(values["kind"]),
        str(values["status"]),
        int(values["category_id"]),
        int(values["public_dong_id"] or 0),
        int(values["public_gu_id"] or 0),
    )


def _keys(c: _Contribution) -> Iterable[CellKey]:
    for zoom in CLUSTER_ZOOMS:
        cx, cy = cell_of(c.lon, c.lat, zoom)
        yield CellKey(zoom, cx, cy, c.kind, c.status, c.category_id, c.dong_key, c.gu_key)


class _Delta:
    def __init__(self) -> None:
        self.pins: Counter[CellKey] = Counter()
        self.sum_lon: defaultdict[CellKey, float] = defaultdict(float)
        self.sum_lat: defaultdict[CellKey, float] = defaultdict(float)
        self.touched: set[tuple[int, int]] = set()  # regions (REGION_ZOOM tiles)

    def add(self, contribution: _Contribution | None, sign: int) -> None:
        if contribution is None:
            return
        for key in _keys(contribution):
            self.pins[key] += sign
            self.sum_lon[key] += sign * contribution.lon
            self.sum_lat[key] += sign * contribution.lat

    def touch(self, contribution: _Contribution | None) -> None:
        """A change that no count shows but the tiles do: their region's version goes up."""
        if contribution is not None:
            cx, cy = cell_of(contribution.lon, contribution.lat, REGION_ZOOM)
            self.touched.add((cx >> CELLS_PER_TILE_SHIFT, cy >> CELLS_PER_TILE_SHIFT))

    def _changes(self, key: CellKey) -> bool:
        # A pin that moves within its cell leaves the count alone but not the sums: the
        # cluster's mean must move with it (or the old point stays in the mean, and can be
        # read back).
        return self.pins[key] != 0 or self.sum_lon[key] != 0 or self.sum_lat[key] != 0

    def rows(self) -> list[dict]:
        return [
            {**key._asdict(), "pins": n, "sum_lon": self.sum_lon[key], "sum_lat": self.sum_lat[key]}
            for key, n in self.pins.items()
            if self._changes(key)
        ]

    def total_rows(self) -> list[dict]:
        """The same changes summed over category and area (for pin_cell_totals)."""
        totals: dict[tuple, list[float]] = {}
        for key, n in self.pins.items():
            if not self._changes(key):
                continue
            total = totals.setdefault(
                (key.zoom, key.status, key.cx, key.cy, key.kind), [0, 0.0, 0.0]
            )
            total[0] += n
            total[1] += self.sum_lon[key]
            total[2] += self.sum_lat[key]
        return [
            {
                "zoom": z,
                "status": st,
                "cx": cx,
                "cy": cy,
                "kind": k,
                "pins": n,
                "sum_lon": lon,
                "sum_lat": lat,
            }
            for (z, st, cx, cy, k), (n, lon, lat) in totals.items()
            if (n, lon, lat) != (0, 0.0, 0.0)
        ]


# The areas are the public point's: a map filtered by area must not sort a cell on a boundary
# into the side its need is really on.
TRACKED = (
    "public_lon",
    "public_lat",
    "kind",
    "status",
    "category_id",
    "public_dong_id",
    "public_gu_id",
    "listed",
)


# Key columns that a relationship sets: before a flush, the related object is the truth.
_KEYS_FROM_RELATIONSHIPS = (
    ("public_dong_id", "public_dong"),
    ("public_gu_id", "public_gu"),
    ("category_id", "category"),
)


def _current(pin: Pin) -> dict:
    values = {name: getattr(pin, name) for name in TRACKED}
    # `pin.public_dong = area` fills `public_dong_id` only while the flush runs, after this
    # listener: read the id from the object itself when it was set (or loaded), so the cells
    # get the right keys (otherwise a new pin is counted outside every area). No lazy load
    # happens here.
    for column, relationship in _KEYS_FROM_RELATIONSHIPS:
        if relationship in pin.__dict__:
            related = pin.__dict__[relationship]
            if related is None:
                values[column] = None
            elif related.id is not None:
                values[column] = related.id
    return values


def _before_change(pin: Pin) -> dict:
    """The tracked values as they were in the database before this flush."""
    state = inspect(pin)
    before = {}
    for name in TRACKED:
        history = state.attrs[name].history
        if history.deleted:
            before[name] = history.deleted[0]
        elif history.unchanged:
            before[name] = history.unchanged[0]
        else:
            before[name] = None
    return before


def _collect(session: Session, _context, _instances) -> None:
    delta: _Delta = session.info.setdefault("pin_cell_delta", _Delta())
    for obj in session.new:
        if isinstance(obj, Pin):
            delta.add(_contribution(_current(obj)), +1)
    for obj in session.dirty:
        if isinstance(obj, Pin) and session.is_modified(obj, include_collections=False):
            before = _before_change(obj)
            after = _current(obj)
            if before != after:
                delta.add(_contribution(before), -1)
                delta.add(_contribution(after), +1)
            elif inspect(obj).attrs["expires_at"].history.has_changes():
                # No count changes, but an open need leaves the map when its date passes:
                # the tiles that show it must not keep an answer built on the old date.
                delta.touch(_contribution(after))
    for obj in session.deleted:
        if isinstance(obj, Pin):
            delta.add(_contribution(_before_change(obj)), -1)


def _apply(session: Session, _context) -> None:
    delta: _Delta | None = session.info.pop("pin_cell_delta", None)
    if delta is None:
        return
    rows = delta.rows()
    if rows:
        totals = delta.total_rows()
        add_to_cells(session, rows)
        add_to_cells(session, totals, PinCellTotal)
        drop_emptied_cells(session, rows)
        drop_emptied_cells(session, totals, PinCellTotal)
    bump_regions(session, delta.touched)


def add_to_cells(session: Session | scoped_session[Any], rows: list[dict], model=PinCell) -> None:
    """Add counts and coordinate sums to cells, creating the cells that do not exist yet."""
    table = model.__table__
    statement = dialect_insert(session, table)
    statement = statement.on_conflict_do_update(
        index_elements=[c.name for c in table.primary_key.columns],
        set_={
            "pins": table.c.pins + statement.excluded.pins,
            "sum_lon": table.c.sum_lon + statement.excluded.sum_lon,
            "sum_lat": table.c.sum_lat + statement.excluded.sum_lat,
        },
    )
    connection = session.connection()
    for start in range(0, len(rows), 500):
        connection.execute(statement, rows[start : start + 500])
    if model is PinCell:
        # In the same transaction as the counts: a tile's version cannot run ahead of (or lag
        # behind) what the tile shows.
        bump_regions(
            session,
            {
                (row["cx"] >> CELLS_PER_TILE_SHIFT, row["cy"] >> CELLS_PER_TILE_SHIFT)
                for row in rows
                if row["zoom"] == REGION_ZOOM
            },
        )


def bump_regions(session: Session | scoped_session[Any], regions: set[tuple[int, int]]) -> None:
    """Raise the version of each region (tiles at REGION_ZOOM), creating it at 1."""
    if not regions:
        return
    table = MapRegionVersion.__table__
    statement = dialect_insert(session, table)
    statement = statement.on_conflict_do_update(
        index_elements=["rx", "ry"], set_={"version": table.c.version + 1}
    )
    session.connection().execute(
        statement, [{"rx": rx, "ry": ry, "version": 1} for rx, ry in sorted(regions)]
    )
    region_versions.mark_bumped(session)


def drop_emptied_cells(
    session: Session | scoped_session[Any], rows: list[dict], model=PinCell
) -> None:
    """Delete the cells these changes took pins from that now hold none. Left in place, the
    expiry of 100k needs left 25,751 rows at 0 pins, which every map request read and
    discarded (and which never came back into use once their needs were gone)."""
    table = model.__table__
    keys = [c.name for c in table.primary_key.columns]
    emptied = [{f"key_{k}": row[k] for k in keys} for row in rows if row["pins"] < 0]
    if not emptied:
        return
    statement = delete(table).where(
        table.c.pins <= 0, *(table.c[k] == bindparam(f"key_{k}") for k in keys)
    )
    connection = session.connection()
    for start in range(0, len(emptied), 500):
        connection.execute(statement, emptied[start : start + 500])


def rebuild_cells(session: Session | scoped_session[Any], pins: Iterable[Pin] | None = None) -> int:
    """Recount every cell from the pins (after a bulk load, or to repair). Returns pins seen."""
    from sqlalchemy import select

    session.execute(delete(PinCell))
    # Every region may change: raise them all (the re-added cells raise theirs once more).
    session.execute(update(MapRegionVersion).values(version=MapRegionVersion.version + 1))
    region_versions.mark_bumped(session)
    delta = _Delta()
    seen = 0
    source = pins if pins is not None else session.scalars(select(Pin)).yield_per(5000)
    for pin in source:
        delta.add(_contribution(_current(pin)), +1)
        seen += 1
    rows = delta.rows()
    if rows:
        add_to_cells(session, rows)
    rebuild_totals(session)
    return seen


def rebuild_totals(session: Session | scoped_session[Any]) -> None:
    """Sum pin_cells into pin_cell_totals (after rebuilding pin_cells by any means)."""
    cells = PinCell.__table__.c
    totals = cast(Table, PinCellTotal.__table__)  # a declarative model's table is a Table
    session.execute(delete(PinCellTotal))
    summed = (
        select(
            cells.zoom,
            cells.status,
            cells.cx,
            cells.cy,
            cells.kind,
            func.sum(cells.pins),
            func.sum(cells.sum_lon),
            func.sum(cells.sum_lat),
        )
        .group_by(cells.zoom, cells.status, cells.cx, cells.cy, cells.kind)
        .having(func.sum(cells.pins) != 0)
    )
    session.execute(
        totals.insert().from_select(
            ["zoom", "status", "cx", "cy", "kind", "pins", "sum_lon", "sum_lat"], summed
        )
    )


# Sums of a few thousand coordinates kept by additions drift by far less than this (degrees).
SUM_TOLERANCE = 1e-6


def cell_discrepancies(session: Session | scoped_session[Any]) -> list[str]:
    """Recount every cell from the pins and compare with the kept counts and sums (both
    tables). Returns one line per cell that differs; empty when all agree."""
    recount = _Delta()
    for pin in session.scalars(select(Pin)).yield_per(5000):
        recount.add(_contribution(_current(pin)), +1)
    problems = _compare(
        "pin_cells",
        {tuple(r[k] for k in CellKey._fields): r for r in recount.rows()},
        session.execute(select(PinCell.__table__)).mappings(),
        CellKey._fields,
    )
    total_fields = ("zoom", "status", "cx", "cy", "kind")
    problems += _compare(
        "pin_cell_totals",
        {tuple(r[k] for k in total_fields): r for r in recount.total_rows()},
        session.execute(select(PinCellTotal.__table__)).mappings(),
        total_fields,
    )
    return problems


def _compare(name: str, expected: dict, kept_rows: Iterable, fields: Sequence[str]) -> list[str]:
    problems = []
    kept = {tuple(row[f] for f in fields): row for row in kept_rows}
    for key in sorted(set(expected) | set(kept), key=str):
        want = expected.get(key, {"pins": 0, "sum_lon": 0.0, "sum_lat": 0.0})
        have = kept.get(key, {"pins": 0, "sum_lon": 0.0, "sum_lat": 0.0})
        if want["pins"] == 0 and have["pins"] == 0:
            continue  # an emptied cell may keep its row; nothing is drawn from it
        if (
            want["pins"] != have["pins"]
            or abs(want["sum_lon"] - have["sum_lon"]) > SUM_TOLERANCE
            or abs(want["sum_lat"] - have["sum_lat"]) > SUM_TOLERANCE
        ):
            problems.append(
                f"{name} {dict(zip(fields, key, strict=True))}: kept {have['pins']} pins "
                f"({have['sum_lon']:.6f}, {have['sum_lat']:.6f}), counted {want['pins']} "
                f"({want['sum_lon']:.6f}, {want['sum_lat']:.6f})"
            )
    return problems


def install_listeners() -> None:
    """Counted on every flush of every session (a service cannot forget to)."""
    if not event.contains(Session, "before_flush", _collect):
        event.listen(Session, "before_flush", _collect)
        event.listen(Session, "after_flush", _apply)


# --- reading: the clusters in a map's viewport ---------------------------------------------------


class Cluster(NamedTuple):
    """Pins counted together on screen, drawn at the mean of their public locations."""

    pins: int
    lon: float
    lat: float


def cells_covering(
    min_lon: float, min_lat: float, max_lon: float, max_lat: float, zoom: int
) -> tuple[int, int, int, int]:
    """(first column, last column, first row, last row) of the cells a box touches at a zoom.

    Rows count from the north (Web Mercator tiles), so the box's north edge gives the first row.
    """
    first_column, last_row = cell_of(min_lon, min_lat, zoom)
    last_column, first_row = cell_of(max_lon, max_lat, zoom)
    return first_column, last_column, first_row, last_row


@dataclass(frozen=True)
class CellFilter:
    """The filters a map offers, as they apply to the counted cells (None: any)."""

    kinds: tuple[str, ...] | None = None
    statuses: tuple[str, ...] | None = None
    category_id: int | None = None
    dong_id: int | None = None
    gu_id: int | None = None

    @property
    def needs_detail(self) -> bool:
        """Only category and area need pin_cells; the rest is in pin_cell_totals."""
        return (self.category_id, self.dong_id, self.gu_id) != (None, None, None)

    def table(self):
        return (PinCell if self.needs_detail else PinCellTotal).__table__

    def conditions(self) -> list:
        c = self.table().c
        conditions = []
        if self.kinds is not None:
            conditions.append(c.kind.in_(self.kinds))
        if self.statuses is not None:
            conditions.append(c.status.in_(self.statuses))
        if self.category_id is not None:
            conditions.append(c.category_id == self.category_id)
        if self.dong_id is not None:
            conditions.append(c.dong_key == self.dong_id)
        if self.gu_id is not None:
            conditions.append(c.gu_key == self.gu_id)
        return conditions


def clusters_in(
    session: Session | scoped_session[Any],
    box: tuple[float, float, float, float],
    zoom: int,
    cell_filter: CellFilter = CellFilter(),
) -> list[Cluster]:
    """The clusters a map at `zoom` shows in `box` (min lon, min lat, max lon, max lat).

    Sums the stored cells of the zoom's grid; nothing is counted from the pins. Below the
    coarsest grid the cells are merged four by four per zoom level (the grids nest), so a
    cluster stays about CELL_PIXELS wide on screen at any zoom.
    """
    grid = cluster_zoom(zoom)
    if grid is None:
        raise ValueError(f"zoom {zoom} shows individual pins, not clusters")
    return clusters_in_cells(session, cells_covering(*box, grid), zoom, cell_filter)


def clusters_in_cells(
    session: Session | scoped_session[Any],
    cells: tuple[int, int, int, int],
    zoom: int,
    cell_filter: CellFilter = CellFilter(),
) -> list[Cluster]:
    """The clusters of a block of cells (first column, last column, first row, last row) of
    the grid `cluster_zoom(zoom)`: a map tile asks by cells, so that each cluster belongs to
    exactly one tile."""
    grid = cluster_zoom(zoom)
    if grid is None:
        raise ValueError(f"zoom {zoom} shows individual pins, not clusters")
    first_column, last_column, first_row, last_row = cells
    c = cell_filter.table().c
    pins = func.sum(c.pins)
    statement = (
        select(c.cx, c.cy, pins, func.sum(c.sum_lon), func.sum(c.sum_lat))
        .where(
            c.zoom == grid,
            c.cx.between(first_column, last_column),
            c.cy.between(first_row, last_row),
            *cell_filter.conditions(),
        )
        .group_by(c.cx, c.cy)
        .having(pins > 0)
    )
    # Rows unpack as tuples (column types from the select).
    rows: Sequence[tuple[int, int, float, float, float]] = session.execute(statement).all()
    shift = grid - zoom
    if shift > 0:
        merged: dict[tuple[int, int], list[float]] = {}
        for cx, cy, n, sum_lon, sum_lat in rows:
            total = merged.setdefault((cx >> shift, cy >> shift), [0, 0.0, 0.0])
            total[0] += n
            total[1] += sum_lon
            total[2] += sum_lat
        rows = [(0, 0, n, sum_lon, sum_lat) for n, sum_lon, sum_lat in merged.values()]
    return [Cluster(int(n), sum_lon / n, sum_lat / n) for _cx, _cy, n, sum_lon, sum_lat in rows]
