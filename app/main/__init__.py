"""The home page, the health check and the site's information pages (privacy, terms, help,
contact), and the site-wide search."""

from app.main import pages, search, views  # noqa: F401  (registers the views)
from app.main.blueprint import blueprint

__all__ = ["blueprint"]
