"""Translated names of the roles."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.accounts.models import Role
from app.labels import register

ROLE_LABELS = register(
    Role,
    {
        Role.RESIDENT: _l("Resident"),
        Role.ORG_MEMBER: _l("Organisation member"),
        Role.MODERATOR: _l("Moderator"),
        Role.STAFF: _l("City staff"),
        Role.ADMIN: _l("Administrator"),
        Role.PRIVACY_OFFICER: _l("Privacy officer"),
        Role.OUTREACH_VISITOR: _l("Outreach visitor"),
        Role.PROGRAMME_OFFICER: _l("Programme officer"),
    },
)
