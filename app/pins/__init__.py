"""Needs and offers on the map: the list, a pin's page, the author's forms."""

from app.pins import area_figures, views  # noqa: F401  (registers the views and area sections)
from app.pins.blueprint import blueprint

__all__ = ["blueprint"]
