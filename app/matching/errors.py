"""Why a match could not be proposed or moved on (see app.errors)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.errors import DomainError


class MatchError(DomainError):
    message = _l("This cannot be done now.")


class WrongKinds(MatchError):
    message = _l("A match links a need to an offer.")


class NotOpen(MatchError):
    message = _l("The need or the offer is no longer open.")


class CategoryMismatch(MatchError):
    message = _l("This offer is not in the need's category.")


class OwnOffer(MatchError):
    message = _l("You cannot match your own offer to your own need.")


class AlreadyProposed(MatchError):
    message = _l("This offer has already been proposed for this need.")


class NotOnEitherSide(MatchError):
    message = _l("Only the need's side or the offer's side can propose this match.")


class WrongState(MatchError):
    message = _l("This match has already moved on; nothing was changed.")


class NothingToShare(MatchError):
    message = _l("Choose the exact place, a phone number, or both.")
    field = "share_place"


class NotShared(MatchError):
    message = _l("Nothing is shared at the moment.")


class OwnNeed(MatchError):
    message = _l("This is your own need: others can help with it.")
