"""Administration: accounts and roles, categories, verifying organisations."""

from app.admin import category_views, organisation_views, views  # noqa: F401  (registers the views)
from app.admin.blueprint import blueprint

__all__ = ["blueprint"]
