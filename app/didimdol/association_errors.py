"""Refusals of the associations' services (agreements and invitations)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.didimdol.errors import DidimdolError


class AgreementAlreadyEnded(DidimdolError):
    message = _l("This agreement has already ended.")


class EndBeforeStart(DidimdolError):
    field = "ended_on"
    message = _l("An agreement cannot end before it was signed.")


class NoActiveAgreement(DidimdolError):
    message = _l("This association has no agreement in force, so it cannot invite businesses.")


class ListAlreadySent(DidimdolError):
    field = "csv_file"
    message = _l("This file was already sent for this association: nobody was invited again.")


class InvitationClosed(DidimdolError):
    message = _l("This invitation was accepted or revoked: it cannot be changed.")


class InvitationNotValid(DidimdolError):
    message = _l(
        "This invitation link does not work: it was already used, revoked, replaced by a newer "
        "one, or it has expired. Ask the association or the programme office for a new one."
    )
