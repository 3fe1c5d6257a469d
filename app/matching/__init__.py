"""Matching needs with offers: proposing, accepting, declining, fulfilling."""

from app.matching import help_views, views  # noqa: F401  (registers the views)
from app.matching.blueprint import blueprint

__all__ = ["blueprint"]
