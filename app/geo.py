"""Everything that differs between PostGIS and SpatiaLite lives here.

The rest of the code asks this module for spatial expressions and never checks the dialect
itself. SRID 4326 (WGS84 lon/lat) is the storage SRID everywhere.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, overload
from zoneinfo import ZoneInfo

import sqlean
from geoalchemy2 import Geometry, WKBElement
from geoalchemy2.admin.dialects.sqlite import load_spatialite
from geoalchemy2.shape import from_shape, to_shape
from shapely import make_valid
from shapely.geometry import MultiPolygon, Point, Polygon, mapping, shape
from shapely.geometry.base import BaseGeometry
from sqlalchemy import DateTime, Float, event, func, select, text, type_coerce
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, scoped_session
from sqlalchemy.sql.functions import FunctionElement

from app.transactions import will_write

SRID = 4326

# How long an SQLite writer waits for another to finish before giving up ("database is
# locked"): far above any one request's write; a queue of writers waits its turn.
SQLITE_BUSY_TIMEOUT_MS = 30_000

# Column types shared by the models.
MultiPolygonColumn = Geometry(geometry_type="MULTIPOLYGON", srid=SRID, spatial_index=True)
PointColumn = Geometry(geometry_type="POINT", srid=SRID, spatial_index=True)


# --- engine set-up -------------------------------------------------------------------------


def is_sqlite_url(url: str) -> bool:
    return url.startswith("sqlite")


def engine_options_for(url: str, options: dict[str, Any]) -> dict[str, Any]:
    """SQLite needs a DB-API that can load extensions: the stdlib one here cannot."""
    options = dict(options)
    if is_sqlite_url(url):
        options.setdefault("module", sqlean)
        options.setdefault("connect_args", {}).setdefault("timeout", SQLITE_BUSY_TIMEOUT_MS / 1000)
    else:
        options.setdefault("pool_pre_ping", True)
    return options


def _on_sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    os.environ.setdefault("SPATIALITE_LIBRARY_PATH", "mod_spatialite")
    # WGS84 mode and one transaction: a new file initialises in well under a second.
    load_spatialite(dbapi_conn, transaction=True, init_mode="WGS84")
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    # WAL lets readers go on while one connection writes.
    cursor.execute("PRAGMA journal_mode = WAL")
    # A writer waits this long for the write lock (BEGIN IMMEDIATE waits here, see below).
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    # WAL's recommended level: a commit survives the process dying; only a power cut may lose
    # the last commits (never corrupt the file), and a commit costs no fsync of its own.
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()
    dbapi_conn.isolation_level = None


def _begin_sqlite_transaction(connection: Any) -> None:
    # A transaction that will write takes the write lock first, waiting its turn: once it has
    # read, SQLite could no longer let it write after another commit (app.transactions).
    # Readers begin deferred and run beside the writer.
    connection.exec_driver_sql("BEGIN IMMEDIATE" if will_write() else "BEGIN")


def setup_engine(engine: Engine) -> None:
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _on_sqlite_connect)
        # The DB-API's own implicit transactions break SAVEPOINT; let SQLAlchemy say BEGIN
        # (the recipe in SQLAlchemy's SQLite dialect documentation), and say which BEGIN.
        event.listen(engine, "begin", _begin_sqlite_transaction)


def spatial_version(session: Session | scoped_session[Any]) -> str:
    if session.get_bind().dialect.name == "postgresql":
        return "PostGIS " + session.execute(text("SELECT postgis_lib_version()")).scalar_one()
    return "SpatiaLite " + session.execute(text("SELECT spatialite_version()")).scalar_one()


def dialect_insert(session: Session | scoped_session[Any], table):
    """The database's own INSERT (with ON CONFLICT DO UPDATE), PostgreSQL's or SQLite's."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert(table)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table)


@dataclass(frozen=True)
class LocalDays:
    """A stored time read as its day in a zone, ISO text ("2026-12-06"): `column` to select,
    and `day_of` to apply to each value selected."""

    column: Any
    day_of: Callable[[Any], str]


def local_days(connection: Connection, moment: Any, zone_name: str) -> LocalDays:
    """PostgreSQL knows every zone's rules and writes the day itself (which cost more in
    Python than the rest of an open-data row together). SQLite knows none but UTC: the plain
    (naive UTC) time is selected and converted here, each day's text made once."""
    if connection.dialect.name == "postgresql":
        return LocalDays(func.to_char(func.timezone(zone_name, moment), "YYYY-MM-DD"), str)
    zone = ZoneInfo(zone_name)
    days: dict[date, str] = {}

    def day_of(stored: datetime) -> str:
        day = stored.replace(tzinfo=UTC).astimezone(zone).date()
        return days.get(day) or days.setdefault(day, day.isoformat())

    # The plain type: the model's UTCDateTime would make each value aware first, per row.
    return LocalDays(type_coerce(moment, DateTime()), day_of)


# --- values in and out -----------------------------------------------------------------------


def point_expression(lon: float, lat: float):
    """A SQL point. WKT through ST_GeomFromText works on both (SpatiaLite rejects a bare WKB bind
    in functions GeoAlchemy2 does not know)."""
    return func.ST_GeomFromText(f"POINT({float(lon)!r} {float(lat)!r})", SRID)


def to_db_geometry(geometry: BaseGeometry) -> WKBElement:
    return from_shape(geometry, srid=SRID)


@overload
def from_db_geometry(value: WKBElement) -> BaseGeometry: ...
@overload
def from_db_geometry(value: None) -> None: ...
def from_db_geometry(value: WKBElement | None) -> BaseGeometry | None:
    return None if value is None else to_shape(value)


# --- areas: polygons and point look-up -------------------------------------------------------


@dataclass(frozen=True)
class RepairedPolygon:
    geometry: MultiPolygon
    repaired: bool
    problem: str | None  # why the input was invalid, when it was


class UnusableGeometry(ValueError):
    """The feature's geometry cannot be turned into an area polygon."""


def polygon_from_geojson(geometry: dict[str, Any] | None) -> RepairedPolygon:
    """Parse a GeoJSON geometry into a valid MultiPolygon, repairing it when needed.

    Raises UnusableGeometry (with a reason) instead of dropping anything silently.
    """
    if not geometry:
        raise UnusableGeometry("no geometry")
    try:
        parsed = shape(geometry)
    except (ValueError, TypeError, AttributeError, KeyError, IndexError) as exc:
        raise UnusableGeometry(f"unreadable geometry: {exc}") from exc
    if parsed.is_empty:
        raise UnusableGeometry("empty geometry")
    if parsed.has_z:
        parsed = _drop_z(parsed)

    problem = None
    if not parsed.is_valid:
        from shapely.validation import explain_validity

        problem = explain_validity(parsed)
        parsed = make_valid(parsed)
    polygons = list(_polygons_in(parsed))
    if not polygons:
        raise UnusableGeometry(f"no polygon in a {geometry.get('type', '?')} geometry")
    multipolygon = MultiPolygon(polygons)
    if not multipolygon.is_valid:  # parts of a repaired collection may touch: union them
        from shapely.ops import unary_union

        multipolygon = MultiPolygon(list(_polygons_in(unary_union(polygons))))
    if multipolygon.is_empty or not multipolygon.is_valid:
        raise UnusableGeometry(f"could not be repaired ({problem or 'invalid'})")
    changed = problem is not None or parsed.geom_type != "MultiPolygon"
    return RepairedPolygon(multipolygon, repaired=problem is not None and changed, problem=problem)


def _drop_z(geometry: BaseGeometry) -> BaseGeometry:
    from shapely import force_2d

    return force_2d(geometry)


def _polygons_in(geometry: BaseGeometry) -> Iterable[Polygon]:
    if isinstance(geometry, Polygon):
        if not geometry.is_empty:
            yield geometry
    elif hasattr(geometry, "geoms"):
        for part in geometry.geoms:
            yield from _polygons_in(part)


def covers_point(geometry_column, lon: float, lat: float):
    """Condition: the polygon column covers the point (boundary included), index-assisted."""
    return func.ST_Covers(geometry_column, point_expression(lon, lat))


def area_containing_point(
    session: Session | scoped_session[Any], model, lon: float, lat: float, level=None
):
    """The area of `model` (optionally of one level) that covers the point, or None.

    Where two areas share a boundary the point lies on, the lower code wins, so the answer is
    the same on both databases.
    """
    conditions = [covers_point(model.geom, lon, lat)]
    if level is not None:
        conditions.append(model.level == level)
    if session.get_bind().dialect.name == "sqlite":
        # SpatiaLite does not use its R*Tree by itself: ask the SpatialIndex table first.
        candidates = text(
            "SELECT rowid FROM SpatialIndex WHERE f_table_name = :table "
            "AND f_geometry_column = 'geom' AND search_frame = "
            "ST_GeomFromText(:wkt, 4326)"
        ).bindparams(table=model.__tablename__, wkt=Point(lon, lat).wkt)
        conditions.append(model.id.in_(candidates))
    statement = select(model).where(*conditions).order_by(model.code).limit(1)
    return session.scalars(statement).first()


# --- distances -------------------------------------------------------------------------------


def distance_metres(a, b):
    """SQL: the distance in metres between two points, on the WGS84 ellipsoid.

    PostGIS measures on the spheroid once the points are cast to geography; SpatiaLite does so
    when ST_Distance's third argument (use_ellipsoid) is 1, so both give the same metres. Pass
    columns or SQL expressions (e.g. `point_expression`), not WKB values: SpatiaLite rejects a
    bare geometry bind in a function GeoAlchemy2 does not know.
    """
    return _DistanceMetres(a, b)


class _DistanceMetres(FunctionElement):
    type = Float()
    name = "distance_metres"
    inherit_cache = True


@compiles(_DistanceMetres, "postgresql")
def _distance_metres_postgis(element, compiler, **kw):
    a, b = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"ST_Distance(CAST({a} AS geography), CAST({b} AS geography))"


@compiles(_DistanceMetres, "sqlite")
def _distance_metres_spatialite(element, compiler, **kw):
    a, b = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"ST_Distance({a}, {b}, 1)"


def point_from_columns(lon, lat):
    """SQL: a WGS84 point from two numeric columns (a pin's public longitude and latitude)."""
    return _PointFromColumns(lon, lat)


class _PointFromColumns(FunctionElement):
    name = "point_from_columns"
    inherit_cache = True


@compiles(_PointFromColumns, "postgresql")
def _point_from_columns_postgis(element, compiler, **kw):
    lon, lat = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"ST_SetSRID(ST_MakePoint({lon}, {lat}), {SRID})"


@compiles(_PointFromColumns, "sqlite")
def _point_from_columns_spatialite(element, compiler, **kw):
    lon, lat = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"MakePoint({lon}, {lat}, {SRID})"


# --- bounding boxes ------------------------------------------------------------------------


class _BoxEdge(FunctionElement):
    type = Float()
    inherit_cache = True
    postgis_name = ""
    spatialite_name = ""


def _box_edge(name: str, postgis: str, spatialite: str) -> type[_BoxEdge]:
    edge = type(name, (_BoxEdge,), {"name": name, "inherit_cache": True})

    @compiles(edge, "postgresql")
    def _postgis(element, compiler, **kw):
        return f"{postgis}({compiler.process(element.clauses, **kw)})"

    @compiles(edge, "sqlite")
    def _spatialite(element, compiler, **kw):
        return f"{spatialite}({compiler.process(element.clauses, **kw)})"

    return edge


_MinX = _box_edge("box_min_x", "ST_XMin", "MbrMinX")
_MinY = _box_edge("box_min_y", "ST_YMin", "MbrMinY")
_MaxX = _box_edge("box_max_x", "ST_XMax", "MbrMaxX")
_MaxY = _box_edge("box_max_y", "ST_YMax", "MbrMaxY")


def bounding_box_columns(geometry_column) -> tuple[Any, Any, Any, Any]:
    """SQL: a geometry's west, south, east and north edges, in degrees (one row each)."""
    return (
        _MinX(geometry_column),
        _MinY(geometry_column),
        _MaxX(geometry_column),
        _MaxY(geometry_column),
    )


def extent_columns(geometry_column) -> tuple[Any, Any, Any, Any]:
    """SQL aggregates: the box around every geometry of the column (NULLs when none)."""
    west, south, east, north = bounding_box_columns(geometry_column)
    return func.min(west), func.min(south), func.max(east), func.max(north)


# --- outlines for a map ----------------------------------------------------------------------


def outline_geojson(value: WKBElement, tolerance_degrees: float, decimals: int) -> dict[str, Any]:
    """A polygon column's value as a GeoJSON MultiPolygon for a page's map: simplified (a
    real gu boundary has thousands of vertices no screen shows) and its coordinates rounded."""
    simplified = to_shape(value).simplify(tolerance_degrees, preserve_topology=True)
    if isinstance(simplified, Polygon):  # simplifying may drop the "multi" of a one-part one
        simplified = MultiPolygon([simplified])
    coordinates = mapping(simplified)["coordinates"]
    return {"type": "MultiPolygon", "coordinates": _rounded(coordinates, decimals)}


def _rounded(coordinates: Any, decimals: int) -> Any:
    if isinstance(coordinates, (int, float)):
        return round(coordinates, decimals)
    return [_rounded(part, decimals) for part in coordinates]
