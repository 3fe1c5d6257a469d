"""Why a change to a category was refused (see app.errors)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.errors import DomainError


class CategoryError(DomainError):
    message = _l("This cannot be done.")


class SlugTaken(CategoryError):
    message = _l("Another category already uses this short name.")
    field = "slug"
