"""Names of the check-in groups' enum values (app.labels)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.checkins.models import Cadence
from app.labels import register

register(Cadence, {Cadence.DAILY: _l("Every day"), Cadence.WEEKLY: _l("On chosen weekdays")})
