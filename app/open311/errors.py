"""Why a change to the Open311 partners was refused (see app.errors)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.errors import DomainError


class PartnerAlreadyRevoked(DomainError):
    message = _l("This partner's key was already revoked.")


class RequestAlreadyReceived(DomainError):
    """The partner's request id was taken by a twin sent at the same instant."""

    message = _l("This request was already received.")
