"""The home page and the health check."""

from app.main import views  # noqa: F401  (registers the views)
from app.main.blueprint import blueprint

__all__ = ["blueprint"]
