"""The tile grid the map asks by, each tile's version, and the kept tile answers.

The browser asks for Web Mercator XYZ tiles (256 pixels, the grid of every web map), so the
same view always gives the same URLs and a browser, a proxy or this server can keep answers.
Cluster cells nest in tiles (4 × 4 cells of the zoom's grid a tile), so each cluster belongs
to exactly one tile; a point belongs to the one tile whose half-open bounds hold it.

A tile's version comes from MapRegionVersion (raised in the transaction of every pin write
that changes a cluster cell: app.map.clusters.add_to_cells), as kept in the process's memory
by app.map.region_versions. Answers are kept per (tile,
filters, version), so a kept answer is never stale: a write changes the version, and the
next request misses. Points close up also leave out needs whose expiry date has passed
before `flask pins expire` runs: an answer holding open needs is kept only until the first of
them expires.
"""

from __future__ import annotations

import gzip
import math
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from app.map.clusters import (
    CELLS_PER_TILE_SHIFT,
    REGION_ZOOM,
    cells_covering,
    cluster_zoom,
)

MAX_TILE_ZOOM = 20


class Tile(tuple):
    """(zoom, x, y); a tuple so that it sorts, hashes and compares as one."""

    __slots__ = ()

    def __new__(cls, zoom: int, x: int, y: int) -> Tile:
        return super().__new__(cls, (zoom, x, y))

    @property
    def zoom(self) -> int:
        return self[0]

    @property
    def x(self) -> int:
        return self[1]

    @property
    def y(self) -> int:
        return self[2]


def exists(zoom: int, x: int, y: int) -> bool:
    return 0 <= zoom <= MAX_TILE_ZOOM and 0 <= x < (1 << zoom) and 0 <= y < (1 << zoom)


def column_lon(zoom: int, column: int) -> float:
    """The west edge of a tile column (the east edge of the one before)."""
    return column / (1 << zoom) * 360.0 - 180.0


def row_lat(zoom: int, row: int) -> float:
    """The north edge of a tile row (the south edge of the one above it)."""
    return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * row / (1 << zoom)))))


def tile_bounds(tile: Tile) -> tuple[float, float, float, float]:
    """(west, south, east, north). A point belongs to the tile when west <= lon < east and
    south < lat <= north: each edge is computed once, by the same function, for both tiles
    that share it, so no point is in two tiles."""
    zoom, x, y = tile
    return column_lon(zoom, x), row_lat(zoom, y + 1), column_lon(zoom, x + 1), row_lat(zoom, y)


def tiles_covering(box: tuple[float, float, float, float], zoom: int) -> list[Tile]:
    """The tiles a box (west, south, east, north) touches, row by row from the north-west:
    what map.js computes, so a test can hold the two to the same answer."""
    first_column, last_column, first_row, last_row = (
        edge >> CELLS_PER_TILE_SHIFT for edge in cells_covering(*box, zoom)
    )
    return [
        Tile(zoom, x, y)
        for y in range(first_row, last_row + 1)
        for x in range(first_column, last_column + 1)
    ]


def tile_cells(tile: Tile) -> tuple[int, int, int, int]:
    """The block of cluster cells (first column, last column, first row, last row) of the grid
    `cluster_zoom(tile.zoom)` that lies in the tile."""
    grid = cluster_zoom(tile.zoom)
    if grid is None:
        raise ValueError(f"zoom {tile.zoom} shows individual pins, not clusters")
    shift = grid - tile.zoom + CELLS_PER_TILE_SHIFT
    return (
        tile.x << shift,
        ((tile.x + 1) << shift) - 1,
        tile.y << shift,
        ((tile.y + 1) << shift) - 1,
    )


def tile_version(versions: dict[tuple[int, int], int], tile: Tile) -> int:
    """The version of what the tile shows, from the regions' versions
    (app.map.region_versions): its region's counter, or the sum of the counters of the regions
    it covers (counters only grow, so the sum changes with any of them)."""
    zoom, x, y = tile
    if zoom >= REGION_ZOOM:
        shift = zoom - REGION_ZOOM
        return versions.get((x >> shift, y >> shift), 0)
    shift = REGION_ZOOM - zoom
    x0, x1 = x << shift, ((x + 1) << shift) - 1
    y0, y1 = y << shift, ((y + 1) << shift) - 1
    if (x1 - x0 + 1) * (y1 - y0 + 1) <= len(versions):
        columns, rows = range(x0, x1 + 1), range(y0, y1 + 1)
        return sum(versions.get((rx, ry), 0) for rx in columns for ry in rows)
    # A tile far out covers more regions than there are rows: go through the rows instead.
    return sum(v for (rx, ry), v in versions.items() if x0 <= rx <= x1 and y0 <= ry <= y1)


# --- kept answers -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TileAnswer:
    etag: str  # without quotes
    body: bytes  # gzipped when `gzipped`
    fresh_until: float | None  # Unix time the first shown open need expires; None: no limit
    gzipped: bool = False

    def plain(self) -> bytes:
        return gzip.decompress(self.body) if self.gzipped else self.body


def kept_answer(
    etag: str, body: bytes, fresh_until: float | None, *, min_size: int, level: int
) -> TileAnswer:
    """A tile's answer as the caches keep it: a body of `min_size` bytes or more gzipped once,
    as nearly every client takes it (and a fifth of the size: the city's busy tiles fit in
    the cache, where their plain bodies had the local cache evict what it would soon serve)."""
    if len(body) < min_size:
        return TileAnswer(etag, body, fresh_until)
    return TileAnswer(etag, gzip.compress(body, level, mtime=0), fresh_until, gzipped=True)


class TileCache(Protocol):
    def get(self, key: str) -> TileAnswer | None: ...

    def put(self, key: str, answer: TileAnswer) -> None: ...


class LocalTileCache:
    """An in-process LRU bounded by the bytes of the bodies it holds (the embedded set-up: one
    process, or a few that each keep their own copy)."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.bytes = 0
        self._answers: OrderedDict[str, TileAnswer] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> TileAnswer | None:
        with self._lock:
            answer = self._answers.get(key)
            if answer is not None:
                self._answers.move_to_end(key)
            return answer

    def clear(self) -> None:
        with self._lock:
            self._answers.clear()
            self.bytes = 0

    def put(self, key: str, answer: TileAnswer) -> None:
        size = len(answer.body) + len(key)
        if size > self.max_bytes:
            return
        with self._lock:
            old = self._answers.pop(key, None)
            if old is not None:
                self.bytes -= len(old.body) + len(key)
            self._answers[key] = answer
            self.bytes += size
            while self.bytes > self.max_bytes:
                dropped_key, dropped = self._answers.popitem(last=False)
                self.bytes -= len(dropped.body) + len(dropped_key)


class RedisTileCache:
    """Shared by every process (production). Each answer expires after `seconds` besides:
    old versions are never asked for again, and Redis's maxmemory policy bounds the rest. A
    Redis that fails costs the cache, never the answer."""

    PREFIX = "hopemap:tile:"

    def __init__(self, url: str, seconds: int) -> None:
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=0.2, socket_connect_timeout=0.2)
        self.seconds = seconds

    def get(self, key: str) -> TileAnswer | None:
        import redis

        try:
            raw = self.client.get(self.PREFIX + key)
        except redis.RedisError:
            return None
        if not isinstance(raw, bytes):
            return None
        etag, fresh_until, packing, body = raw.split(b"\n", 3)
        return TileAnswer(
            etag.decode(), body, float(fresh_until) if fresh_until else None, packing == b"gzip"
        )

    def put(self, key: str, answer: TileAnswer) -> None:
        import redis

        fresh_until = b"" if answer.fresh_until is None else repr(answer.fresh_until).encode()
        try:
            self.client.set(
                self.PREFIX + key,
                b"\n".join(
                    (
                        answer.etag.encode(),
                        fresh_until,
                        b"gzip" if answer.gzipped else b"",
                        answer.body,
                    )
                ),
                ex=self.seconds,
            )
        except redis.RedisError:
            return


def make_cache(url: str, max_bytes: int, seconds: int) -> TileCache | None:
    """MAP_TILE_CACHE: "" (or "local") keeps answers in the process, "redis://…" in Redis,
    "off" nowhere."""
    if url == "off":
        return None
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisTileCache(url, seconds)
    return LocalTileCache(max_bytes)


def tile_cache_url(tile_cache: str, cache_url: str) -> str:
    """Where tile answers are kept: MAP_TILE_CACHE when set, else with the site's other cached
    figures (CACHE_URL): its Redis in production, so one Redis URL serves both; in the
    process when CACHE_URL is memory://."""
    if tile_cache:
        return tile_cache
    return cache_url if cache_url.startswith(("redis://", "rediss://", "unix://")) else ""


def canonical_filters(args: Iterable[tuple[str, str]], names: tuple[str, ...]) -> str:
    """The filter arguments in one order, empty ones left out: the cache key's part for them
    (the URL's own order, or arguments the map does not read, make no separate entries)."""
    given = dict(args)
    return "&".join(f"{name}={given[name]}" for name in names if given.get(name))
