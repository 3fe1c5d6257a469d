from __future__ import annotations

from sqlalchemy import BigInteger, Float, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model


class PinCell(Model):
    """How many pins fall in one cluster cell at one zoom, per filterable combination.

    Kept up to date on every write by app.map.clusters (never recomputed per request). Built
    from the pins' public locations only, so a cluster's centre reveals nothing exact.
    `dong_key`/`gu_key` are the areas of the public point (Pin.public_dong_id/public_gu_id),
    0 for a pin outside every imported area.
    """

    __tablename__ = "pin_cells"

    zoom: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    cx: Mapped[int] = mapped_column(Integer, primary_key=True)
    cy: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), primary_key=True)
    category_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dong_key: Mapped[int] = mapped_column(Integer, primary_key=True)
    gu_key: Mapped[int] = mapped_column(Integer, primary_key=True)
    pins: Mapped[int] = mapped_column(Integer, default=0)
    sum_lon: Mapped[float] = mapped_column(Float, default=0.0)
    sum_lat: Mapped[float] = mapped_column(Float, default=0.0)


class PinCellTotal(Model):
    """pin_cells summed over category and area: what a map without those filters reads.

    The common view (no category, no area) then reads a few rows per cell instead of one per
    category and dong; kept up to date in the same flush as pin_cells.
    """

    __tablename__ = "pin_cell_totals"

    zoom: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    status: Mapped[str] = mapped_column(String(16), primary_key=True)
    cx: Mapped[int] = mapped_column(Integer, primary_key=True)
    cy: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    pins: Mapped[int] = mapped_column(Integer, default=0)
    sum_lon: Mapped[float] = mapped_column(Float, default=0.0)
    sum_lat: Mapped[float] = mapped_column(Float, default=0.0)


class MapRegionVersion(Model):
    """A counter per region of the map (a Web Mercator tile at app.map.tiles.REGION_ZOOM),
    raised in the transaction of every pin write that changes a cluster cell in the region.

    A tile's version is its region's (or, for a tile wider than a region, the sum over the
    regions it covers: counters only grow, so the sum grows with any of them). ETags and the
    server-side tile cache are keyed by it, so a write is seen by the next request.
    """

    __tablename__ = "map_region_versions"

    rx: Mapped[int] = mapped_column(Integer, primary_key=True)
    ry: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)
