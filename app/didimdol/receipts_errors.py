"""Refusals of receipts and signboards, each with the form field it belongs to."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.didimdol.errors import DidimdolError


class NoDonee(DidimdolError):
    message = _l("No organisation is set to issue donation receipts yet.")


class NothingToReceipt(DidimdolError):
    message = _l("This donor gave nothing of this kind in that year.")


class AlreadyIssued(DidimdolError):
    message = _l("A document for this donor, kind and year is already issued: void it first.")


class AlreadyVoid(DidimdolError):
    message = _l("This document is already void.")


class ReasonRequired(DidimdolError):
    field = "reason"
    message = _l("Say why.")


class NotYetEligible(DidimdolError):
    message = _l("This donor has not yet been active long enough, nor redeemed enough vouchers.")


class AlreadySignboarded(DidimdolError):
    message = _l("This donor already has a signboard: revoke it first.")


class AlreadyRevoked(DidimdolError):
    message = _l("This signboard is already revoked.")
