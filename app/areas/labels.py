"""Translated names of the area levels."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.areas.models import AreaLevel
from app.labels import register

AREA_LEVEL_LABELS = register(
    AreaLevel,
    {
        AreaLevel.GU: _l("Gu (district)"),
        AreaLevel.DONG: _l("Dong (neighbourhood)"),
    },
)
