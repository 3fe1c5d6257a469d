"""Translated names of what a category is for ("need" and "offer" are nouns here)."""

from __future__ import annotations

from flask_babel import lazy_pgettext

from app.categories.models import CategoryKind
from app.labels import register

CATEGORY_KIND_LABELS = register(
    CategoryKind,
    {
        CategoryKind.NEED: lazy_pgettext("category kind", "Needs"),
        CategoryKind.OFFER: lazy_pgettext("category kind", "Offers"),
        CategoryKind.BOTH: lazy_pgettext("category kind", "Needs and offers"),
    },
)
