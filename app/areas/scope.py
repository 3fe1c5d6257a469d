"""Which rows belong to an area: a gu covers its own rows and those of the dong in it."""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_, select

from app.areas.models import Area, AreaLevel


def in_area(area_column, area: Area) -> ColumnElement[bool]:
    """SQL: `area_column` (an areas.id) names the area, or, for a gu, one of its dong."""
    if area.level == AreaLevel.GU:
        dongs = select(Area.id).where(Area.parent_id == area.id)
        return or_(area_column == area.id, area_column.in_(dongs))
    return area_column == area.id
