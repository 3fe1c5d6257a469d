"""The map page, its pins API and the open-data exports."""

from app.map import api, area_outline, exports, views  # noqa: F401  (views, an area page's map)
from app.map.blueprint import blueprint

__all__ = ["blueprint"]
