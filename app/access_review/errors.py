"""Refusals of the access-log review."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.errors import AlreadyDone


class AlreadyReviewed(AlreadyDone):
    message = _l("This month is already marked as reviewed.")
