"""The map page, its pins API and the open-data exports."""

from app.map import (  # noqa: F401  (views, an area page's map, the list's kept total)
    api,
    area_outline,
    exports,
    pin_list_totals,
    views,
)
from app.map.blueprint import blueprint

__all__ = ["blueprint"]
