"""Categories of needs and offers: data that administrators manage.

Categories are never deleted (needs, offers and statistics refer to them); they are made
inactive instead. Services flush, never commit; a refused change raises a `CategoryError`
(app.categories.errors).
"""

from __future__ import annotations

from sqlalchemy import select

from app.actions import flush_once
from app.categories.errors import SlugTaken
from app.categories.models import Category, CategoryKind
from app.extensions import db

CATEGORY_FIELDS = ("slug", "name_ko", "name_en", "kind", "position", "active")


def list_categories() -> list[Category]:
    return list(db.session.scalars(select(Category).order_by(Category.position, Category.slug)))


def active_categories(*kinds: CategoryKind) -> list[Category]:
    """The categories people may choose now (of these kinds, if given), in list order."""
    statement = select(Category).where(Category.active.is_(True))
    if kinds:
        statement = statement.where(Category.kind.in_(kinds))
    return list(db.session.scalars(statement.order_by(Category.position, Category.slug)))


def create_category(**fields) -> Category:
    category = Category()
    _set_fields(category, fields)
    db.session.add(category)
    flush_once(SlugTaken)  # the same category (or its short name) added twice at once
    return category


def update_category(category: Category, **fields) -> None:
    _set_fields(category, fields)
    db.session.flush()


def set_category_active(category: Category, active: bool) -> None:
    category.active = active
    db.session.flush()


def _set_fields(category: Category, fields: dict) -> None:
    unknown = set(fields) - set(CATEGORY_FIELDS)
    if unknown:
        raise TypeError(f"not category fields: {sorted(unknown)}")
    slug = fields.get("slug")
    if slug is not None and _slug_taken(slug, category.id):
        raise SlugTaken()
    for name, value in fields.items():
        setattr(category, name, value)


def _slug_taken(slug: str, own_id: int | None) -> bool:
    query = select(Category.id).where(Category.slug == slug)
    if own_id is not None:
        query = query.where(Category.id != own_id)
    return db.session.scalar(query.limit(1)) is not None
