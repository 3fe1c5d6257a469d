"""Where the site works: the extent of the imported areas, and finding an area by its name.

No city is written into the code: the map opens on whatever boundaries the operator imported
(Seoul's, Busan's, or both), and a place outside every imported dong is not served.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, or_, select
from sqlalchemy.orm import aliased

from app.areas.models import Area, AreaLevel
from app.extensions import db
from app.geo import bounding_box_columns, extent_columns

# The longest name worth searching for: Korean dong names are a few syllables, English ones
# a few words. Longer queries are refused rather than sent to the database.
SEARCH_MAX_LENGTH = 40
SEARCH_MAX_RESULTS = 10


@dataclass(frozen=True)
class BoundingBox:
    west: float
    south: float
    east: float
    north: float

    def as_list(self) -> list[float]:
        """[west, south, east, north], GeoJSON's bbox order."""
        return [self.west, self.south, self.east, self.north]

    def leaflet_bounds(self) -> list[list[float]]:
        """[[south, west], [north, east]], as Leaflet's fitBounds takes them."""
        return [[self.south, self.west], [self.north, self.east]]

    def contains(self, lon: float, lat: float) -> bool:
        return self.west <= lon <= self.east and self.south <= lat <= self.north


def any_dong_imported() -> bool:
    first = select(Area.id).where(Area.level == AreaLevel.DONG).limit(1)
    return db.session.scalar(first) is not None


def served_extent() -> BoundingBox | None:
    """The box around every imported area, or None when none is imported yet."""
    row = db.session.execute(select(*extent_columns(Area.geom))).one()
    if any(edge is None for edge in row):
        return None
    return BoundingBox(*(float(edge) for edge in row))


def area_box(area: Area) -> BoundingBox:
    row = db.session.execute(select(*bounding_box_columns(Area.geom)).where(Area.id == area.id))
    return BoundingBox(*(float(edge) for edge in row.one()))


@dataclass(frozen=True)
class FoundArea:
    code: str
    name: str  # in the reader's language (BilingualName)
    gu_name: str | None
    box: BoundingBox


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def find_areas(query: str) -> list[FoundArea]:
    """Areas whose Korean or English name contains `query` (case-insensitive), names that
    start with it first, then dong before gu, then by name. Nothing about pins."""
    text = query.strip()
    if not text:
        return []
    gu = aliased(Area)
    contains = _like_pattern(text)
    starts = contains[1:]
    matches = or_(
        Area.name_ko.ilike(contains, escape="\\"), Area.name_en.ilike(contains, escape="\\")
    )
    prefix_first = case(
        (
            or_(Area.name_ko.ilike(starts, escape="\\"), Area.name_en.ilike(starts, escape="\\")),
            0,
        ),
        else_=1,
    )
    dong_first = case((Area.level == AreaLevel.DONG, 0), else_=1)
    statement = (
        select(Area, gu, *bounding_box_columns(Area.geom))
        .outerjoin(gu, Area.parent_id == gu.id)
        .where(matches)
        .order_by(prefix_first, dong_first, Area.name_ko, Area.code)
        .limit(SEARCH_MAX_RESULTS)
    )
    return [
        FoundArea(
            code=area.code,
            name=area.name,
            gu_name=parent.name if parent is not None else None,
            box=BoundingBox(float(west), float(south), float(east), float(north)),
        )
        for area, parent, west, south, east, north in db.session.execute(statement)
    ]
