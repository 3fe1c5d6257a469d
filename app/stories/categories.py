"""The categories a story may have: the author's form and the readers' filter offer them."""

from __future__ import annotations

from sqlalchemy import select

from app.categories.models import Category
from app.extensions import db


def story_categories(current: Category | None = None) -> list[Category]:
    """Active categories, and the story's present one even if it was switched off since."""
    statement = select(Category).where(Category.active.is_(True))
    categories = list(db.session.scalars(statement.order_by(Category.position, Category.slug)))
    if current is not None and current not in categories:
        categories.insert(0, current)
    return categories
