"""Needs and offers on the map: the list, a pin's page, the author's forms."""

from app.pins import views  # noqa: F401  (registers the views)
from app.pins.blueprint import blueprint

__all__ = ["blueprint"]
