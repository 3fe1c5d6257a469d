"""Public figures without people: counts of discoveries (reports) and, once registered, visits,
by area and month, published only through small-cell suppression (app.figures.suppression)."""

from app.figures import views  # noqa: F401  (registers them)
from app.figures.blueprint import blueprint

__all__ = ["blueprint"]
