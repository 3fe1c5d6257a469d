"""The categories a story may have: the author's form and the readers' filter offer them."""

from __future__ import annotations

from app.categories.models import Category
from app.categories.services import active_categories


def story_categories(current: Category | None = None) -> list[Category]:
    """Active categories, and the story's present one even if it was switched off since."""
    categories = active_categories()
    if current is not None and current not in categories:
        categories.insert(0, current)
    return categories
