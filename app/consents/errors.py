"""Refusals of the consent services, each with the form field it belongs to."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.errors import DomainError


class ConsentError(DomainError):
    pass


class NoConsent(ConsentError):
    """What a later feature's action answers when `require_consent` finds no valid consent."""

    message = _l(
        "There is no valid consent of this person for this purpose on this day, and no "
        "approved override: record their consent first, or ask for an override."
    )


class RecipientRequired(ConsentError):
    field = "recipient"
    message = _l("Choose the organisation the information is provided to.")


class GuardianRelationshipRequired(ConsentError):
    field = "guardian_relationship"
    message = _l("Say how the guardian is related to the person (for a person under 14).")


class GivenInTheFuture(ConsentError):
    field = "given_on"
    message = _l("The day consent was given cannot be in the future.")


class EndsBeforeGiven(ConsentError):
    field = "valid_until"
    message = _l("The last valid day cannot be before the day consent was given.")


class LegalBasisRequired(ConsentError):
    field = "legal_basis_note"
    message = _l("Choose the legal basis and say in a few words why it applies here.")


class ApproverRequired(ConsentError):
    field = "approver"
    message = _l("An override must be approved by another staff member of the area.")


class NotAnOverride(ConsentError):
    # A consent the person gave stands on its own: only an override waits for a second look.
    message = _l("Only an override is approved: this record is a consent the person gave.")


class AlreadyWithdrawn(ConsentError):
    message = _l("This consent was already withdrawn.")


class AlreadyApproved(ConsentError):
    message = _l("This override was already approved.")
