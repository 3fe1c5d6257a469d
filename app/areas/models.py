from __future__ import annotations

import enum

from geoalchemy2 import WKBElement
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.clock import utcnow
from app.dbtypes import BilingualName, UTCDateTime, enum_type
from app.extensions import Model
from app.geo import MultiPolygonColumn


class AreaLevel(enum.StrEnum):
    GU = "gu"
    DONG = "dong"


class Area(BilingualName, Model):
    """A gu or dong boundary, imported from a file the operator supplies."""

    __tablename__ = "areas"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    level: Mapped[AreaLevel] = mapped_column(enum_type(AreaLevel, "area_level"), index=True)
    name_ko: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str | None] = mapped_column(String(120))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("areas.id", ondelete="SET NULL"), index=True
    )
    # Deferred: only the map's zoom and the results' GeoJSON read the polygon itself; the
    # spatial queries use the column in SQL. Loading it with every area would cost megabytes.
    geom: Mapped[WKBElement] = mapped_column(MultiPolygonColumn, deferred=True)
    updated_at = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    parent: Mapped[Area | None] = relationship(remote_side="Area.id", back_populates="children")
    children: Mapped[list[Area]] = relationship(back_populates="parent")

    @property
    def full_name(self) -> str:
        return f"{self.parent.name} {self.name}" if self.parent else self.name

    def __repr__(self) -> str:
        return f"<Area {self.level} {self.code} {self.name_ko}>"
