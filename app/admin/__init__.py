"""Administration: accounts and roles, categories, verifying organisations, failed jobs."""

from app.admin import (  # noqa: F401  (registers the views)
    category_views,
    job_views,
    organisation_views,
    views,
)
from app.admin.blueprint import blueprint

__all__ = ["blueprint"]
