"""Open311 (GeoReport v2): partners' systems send private reports with a key; anyone reads the
public needs and offers at their public points, never a report."""

from app.open311 import admin_views, api  # noqa: F401  (registers the views)
from app.open311.blueprint import blueprint

__all__ = ["blueprint"]
