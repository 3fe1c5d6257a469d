"""Why a change to an organisation or a membership was refused (see app.errors)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.errors import DomainError


class OrganisationError(DomainError):
    """A change the organisation's state does not allow ("This cannot be done now.")."""


class AlreadyVerified(OrganisationError):
    message = _l("This organisation is already verified.")


class AlreadyRejected(OrganisationError):
    message = _l("This organisation has already been turned down.")


class MembershipError(OrganisationError):
    """A membership transition that does not apply to the membership's state."""


class NotOpenForMembers(MembershipError):
    message = _l("Only verified organisations take new members.")


class AlreadyMember(MembershipError):
    message = _l("You are already a member of this organisation.")


class AlreadyRequested(MembershipError):
    message = _l("Your request to join is already waiting for a decision.")


class NotAMember(MembershipError):
    message = _l("You are not a member of this organisation.")


class LastRepresentative(MembershipError):
    message = _l(
        "You are this organisation's only representative. Hand the role to another member "
        "before you leave."
    )


class NotPending(MembershipError):
    message = _l("This request has already been decided.")


class NotApprovedMember(MembershipError):
    message = _l("Only an approved member can become the representative.")


class AlreadyRepresentative(MembershipError):
    message = _l("This member is already a representative.")
