"""Gu and dong boundaries: importing them from GeoJSON, reading them, finding the one at a point.

The import accepts any GeoJSON FeatureCollection of polygons: the operator names the properties
that hold the code and names, because every publisher of boundary files uses different ones.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.areas.models import Area, AreaLevel
from app.extensions import db
from app.geo import (
    RepairedPolygon,
    UnusableGeometry,
    area_containing_point,
    polygon_from_geojson,
    to_db_geometry,
)

# String columns; the table's columns are typed TypeEngine[Any], which declares no length.
CODE_MAX_LENGTH = Area.__table__.c.code.type.length  # type: ignore[attr-defined]
NAME_MAX_LENGTH = Area.__table__.c.name_ko.type.length  # type: ignore[attr-defined]

# GeoJSON is longitude/latitude on WGS84 (RFC 7946). Older files may still say so explicitly
# with a "crs" member; any other CRS would put the polygons somewhere else on Earth.
WGS84_CRS_SUFFIXES = ("crs84", ":4326", "/4326")


class AreaFileError(ValueError):
    """The file as a whole cannot be imported; nothing is written."""


# --- import ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportOptions:
    level: AreaLevel
    code_property: str
    name_property: str
    name_en_property: str | None = None
    parent_property: str | None = None  # the gu's code, for a dong
    last_word_of_name: bool = False  # "서울특별시 종로구 사직동" -> "사직동"

    def __post_init__(self) -> None:
        if self.parent_property and self.level != AreaLevel.DONG:
            raise ValueError("only a dong has a parent (its gu)")

    def named_properties(self) -> list[str]:
        named = [self.code_property, self.name_property]
        named += [p for p in (self.name_en_property, self.parent_property) if p]
        return named


@dataclass(frozen=True)
class FeatureNote:
    """Something the operator must know about one feature of the file."""

    index: int  # position in the file's "features" list, from 0
    code: str | None
    reason: str


@dataclass
class ImportReport:
    level: AreaLevel
    created: int = 0
    updated: int = 0
    repaired: list[FeatureNote] = field(default_factory=list)
    skipped: list[FeatureNote] = field(default_factory=list)
    without_parent: list[FeatureNote] = field(default_factory=list)  # imported, parent unknown


class SkippedFeature(Exception):
    def __init__(self, reason: str, code: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code


@dataclass(frozen=True)
class FeatureValues:
    code: str
    name_ko: str
    name_en: str | None
    parent_code: str | None
    polygon: RepairedPolygon


def features_in(collection: Any) -> list[Any]:
    """The features of a GeoJSON FeatureCollection, or AreaFileError saying why it is not one."""
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        found = (
            collection.get("type") if isinstance(collection, dict) else type(collection).__name__
        )
        raise AreaFileError(f"not a GeoJSON FeatureCollection (found {found})")
    features = collection.get("features")
    if not isinstance(features, list):
        raise AreaFileError('the FeatureCollection has no "features" list')
    if not features:
        raise AreaFileError("the FeatureCollection has no features")
    crs_name = _declared_crs(collection)
    if crs_name and not crs_name.lower().endswith(WGS84_CRS_SUFFIXES):
        raise AreaFileError(f"coordinates are in {crs_name}: convert the file to WGS84 first")
    return features


def _declared_crs(collection: dict[str, Any]) -> str | None:
    crs = collection.get("crs")
    if not isinstance(crs, dict):
        return None
    name = (crs.get("properties") or {}).get("name")
    return str(name) if name else None


def import_areas(
    collection: Any,
    options: ImportOptions,
    progress: Callable[[int], object] | None = None,
) -> ImportReport:
    """Create or update (by code) one area per feature; report every feature not imported as is.

    Flushes, never commits. Raises AreaFileError before changing anything when the file as a
    whole is unusable. `progress(n)` is told each time n more features are done.
    """
    features = features_in(collection)
    _check_properties_named(features, options)
    return AreaImport(features, options).run(progress or (lambda _done: None))


def _check_properties_named(features: Sequence[Any], options: ImportOptions) -> None:
    """A misspelt property would otherwise skip every feature, one report line each."""
    seen: set[str] = set()
    for feature in features:
        seen.update(_properties_of(feature))
    for name in options.named_properties():
        if name not in seen:
            available = ", ".join(sorted(seen)) or "none"
            raise AreaFileError(f"no feature has a property {name!r} (properties: {available})")


def _properties_of(feature: Any) -> dict[str, Any]:
    properties = feature.get("properties") if isinstance(feature, dict) else None
    return properties if isinstance(properties, dict) else {}


class AreaImport:
    """One run of the import: the areas it may touch are loaded once, up front."""

    def __init__(self, features: Sequence[Any], options: ImportOptions) -> None:
        self.features = features
        self.options = options
        self.report = ImportReport(level=options.level)
        self.first_index_of_code: dict[str, int] = {}
        codes = {_text(_properties_of(f).get(options.code_property)) for f in features}
        self.areas_by_code = _areas_by_code({code for code in codes if code is not None})
        self.gu_by_code = _gu_by_code() if options.parent_property else {}

    def run(self, progress: Callable[[int], object]) -> ImportReport:
        for index, feature in enumerate(self.features):
            try:
                self.import_feature(index, feature)
            except SkippedFeature as skipped:
                self.report.skipped.append(FeatureNote(index, skipped.code, skipped.reason))
            progress(1)
        db.session.flush()
        return self.report

    def import_feature(self, index: int, feature: Any) -> None:
        values = self.read(feature)
        self.check_code(index, values.code)
        area = self.areas_by_code.get(values.code)
        if area is None:
            area = Area(code=values.code, level=self.options.level)
            db.session.add(area)
            self.areas_by_code[values.code] = area
            self.report.created += 1
        else:
            self.report.updated += 1
        area.name_ko = values.name_ko
        if self.options.name_en_property:
            area.name_en = values.name_en
        area.geom = to_db_geometry(values.polygon.geometry)
        if self.options.parent_property:
            area.parent = self.parent_for(index, values)
        if values.polygon.repaired:
            self.report.repaired.append(
                FeatureNote(index, values.code, values.polygon.problem or "invalid")
            )

    def read(self, feature: Any) -> FeatureValues:
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise SkippedFeature("not a GeoJSON Feature")
        properties = _properties_of(feature)
        options = self.options
        code = _text(properties.get(options.code_property))
        if code is None:
            raise SkippedFeature(f"no code (property {options.code_property!r} missing or empty)")
        if len(code) > CODE_MAX_LENGTH:
            raise SkippedFeature(f"code longer than {CODE_MAX_LENGTH} characters", code)
        name_ko = self.korean_name(properties.get(options.name_property), code)
        name_en = None
        if options.name_en_property:
            name_en = _text(properties.get(options.name_en_property))
            if name_en and len(name_en) > NAME_MAX_LENGTH:
                raise SkippedFeature(f"English name longer than {NAME_MAX_LENGTH} characters", code)
        try:
            polygon = polygon_from_geojson(feature.get("geometry"))
        except UnusableGeometry as exc:
            raise SkippedFeature(str(exc), code) from exc
        if not _is_lon_lat(polygon):
            raise SkippedFeature("coordinates are not longitude/latitude (WGS84)", code)
        parent_code = None
        if options.parent_property:
            parent_code = _text(properties.get(options.parent_property))
        return FeatureValues(code, name_ko, name_en, parent_code, polygon)

    def korean_name(self, raw: Any, code: str) -> str:
        name = _text(raw)
        if name and self.options.last_word_of_name:
            name = name.split()[-1]
        if name is None:
            raise SkippedFeature(
                f"no name (property {self.options.name_property!r} missing or empty)", code
            )
        if len(name) > NAME_MAX_LENGTH:
            raise SkippedFeature(f"name longer than {NAME_MAX_LENGTH} characters", code)
        return name

    def check_code(self, index: int, code: str) -> None:
        first = self.first_index_of_code.setdefault(code, index)
        if first != index:
            raise SkippedFeature(f"same code as features[{first}]", code)
        existing = self.areas_by_code.get(code)
        if existing is not None and existing.level != self.options.level:
            raise SkippedFeature(f"code already used by a {existing.level.value}", code)

    def parent_for(self, index: int, values: FeatureValues) -> Area | None:
        """The gu; when there is none the dong is still imported, and the operator told."""
        if values.parent_code is None:
            reason = f"no parent code (property {self.options.parent_property!r} missing or empty)"
        elif values.parent_code not in self.gu_by_code:
            reason = f"no gu with code {values.parent_code}"
        else:
            return self.gu_by_code[values.parent_code]
        self.report.without_parent.append(FeatureNote(index, values.code, reason))
        return None


def _text(value: Any) -> str | None:
    """Codes come as strings or numbers depending on the publisher; 11110.0 means "11110"."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, str | int):
        return None
    return str(value).strip() or None


def _is_lon_lat(polygon: RepairedPolygon) -> bool:
    min_x, min_y, max_x, max_y = polygon.geometry.bounds
    return -180 <= min_x <= max_x <= 180 and -90 <= min_y <= max_y <= 90


def _areas_by_code(codes: set[str]) -> dict[str, Area]:
    if not codes:
        return {}
    # The geometries are replaced, never read: loading them would only cost time.
    statement = select(Area).where(Area.code.in_(codes))
    return {area.code: area for area in db.session.scalars(statement)}


def _gu_by_code() -> dict[str, Area]:
    statement = select(Area).where(Area.level == AreaLevel.GU)
    return {gu.code: gu for gu in db.session.scalars(statement)}


# --- reading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaOverview:
    gus: list[Area]  # each with its dong loaded
    dong_without_gu: list[Area]  # imported before their gu, or their gu code was unknown

    @property
    def dong_count(self) -> int:
        return sum(len(gu.children) for gu in self.gus) + len(self.dong_without_gu)

    @property
    def is_empty(self) -> bool:
        return not self.gus and not self.dong_without_gu


def area_overview() -> AreaOverview:
    """Every gu with its dong. Pages list names only: geometries stay in the database."""
    gus = (
        select(Area)
        .where(Area.level == AreaLevel.GU)
        .options(selectinload(Area.children))
        .order_by(Area.code)
    )
    dong_without_gu = (
        select(Area)
        .where(Area.level == AreaLevel.DONG, Area.parent_id.is_(None))
        .order_by(Area.code)
    )
    return AreaOverview(list(db.session.scalars(gus)), list(db.session.scalars(dong_without_gu)))


def area_by_code(code: str) -> Area | None:
    statement = select(Area).where(Area.code == code).options(selectinload(Area.children))
    return db.session.scalars(statement).first()


# --- point look-up -----------------------------------------------------------------------------


def area_at(lon: float, lat: float, level: AreaLevel | None = None) -> Area | None:
    """The area (of `level`, if given) covering the point; on a shared boundary, the lower code."""
    return area_containing_point(db.session, Area, lon, lat, level)


@dataclass(frozen=True)
class DongAndGu:
    dong: Area | None
    gu: Area | None


def dong_and_gu_at(lon: float, lat: float) -> DongAndGu:
    """The dong at a point and its gu. The gu is the dong's parent, so the two always agree
    even where the gu and dong files draw a boundary slightly differently."""
    dong = area_at(lon, lat, AreaLevel.DONG)
    gu = dong.parent if dong is not None and dong.parent is not None else None
    if gu is None:
        gu = area_at(lon, lat, AreaLevel.GU)
    return DongAndGu(dong, gu)
