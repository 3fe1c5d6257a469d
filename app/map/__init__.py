"""The map page, its pins API and the open-data exports."""

from app.map import api, exports, views  # noqa: F401  (registers the views)
from app.map.blueprint import blueprint

__all__ = ["blueprint"]
