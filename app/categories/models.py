from __future__ import annotations

import enum

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.dbtypes import BilingualName, enum_type
from app.extensions import Model


class CategoryKind(enum.StrEnum):
    NEED = "need"
    OFFER = "offer"
    BOTH = "both"


class Category(BilingualName, Model):
    """What a need or offer is about. Data, managed by administrators, not code."""

    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name_ko: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    kind: Mapped[CategoryKind] = mapped_column(
        enum_type(CategoryKind, "category_kind"), default=CategoryKind.BOTH
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
