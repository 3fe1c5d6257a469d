"""Gu and dong boundaries: the area pages, and the import command."""

from app.areas import views  # noqa: F401  (registers the views)
from app.areas.blueprint import blueprint

__all__ = ["blueprint"]
