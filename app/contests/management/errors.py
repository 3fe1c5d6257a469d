"""What running a contest refuses: details that break its rules, a deadline that cannot move,
a reviewer who cannot be assigned or removed. Each error's `message` is shown as it is; when it
belongs to one form field, `field` names it (`criteria` is the criteria table as a whole)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.errors import DomainError


class ContestError(DomainError):
    """A change to a contest that its rules refuse; `field` names the form field, if any."""


# --- the contest's details ------------------------------------------------------------------


class MaxAboveTotal(ContestError):
    message = _l("The maximum per proposal cannot be more than the total budget.")
    field = "max_per_proposal"


class NoCriteria(ContestError):
    message = _l("Give at least one criterion with its weight.")
    field = "criteria"


class WeightsNot100(ContestError):
    field = "criteria"

    def __init__(self, total: int) -> None:
        super().__init__(
            _l("The weights must add up to exactly 100. Now they add up to %(total)s.", total=total)
        )


class ClosesBeforeOpens(ContestError):
    message = _l("The deadline must be after the opening.")
    field = "closes_at"


class DeadlineInPast(ContestError):
    message = _l("The deadline must be in the future.")
    field = "closes_at"


class ResultsBeforeDeadline(ContestError):
    message = _l("The results cannot be published before the deadline.")
    field = "results_at"


class LockedOnceOpen(ContestError):
    message = _l(
        "This contest is open: only its texts can be changed now. Move the deadline with "
        "“Close early” or “Extend” on the contest page."
    )


# --- moving the deadline --------------------------------------------------------------------


class NotOpen(ContestError):
    message = _l("Only a contest that is open for proposals can be closed early.")


class CannotExtendDraft(ContestError):
    message = _l("This contest has not opened yet: change its dates by editing it.")


class CannotExtendAfterResults(ContestError):
    message = _l("The results are published: the deadline can no longer be extended.")


class DecisionsRecorded(ContestError):
    message = _l(
        "Decisions have already been recorded for this contest, so it cannot be opened again."
    )


class DeadlineNotLater(ContestError):
    message = _l("The new deadline must be later than the present one.")
    field = "closes_at"


class ReopenInPast(ContestError):
    message = _l("The new deadline must be in the future.")
    field = "closes_at"


class DeadlineNotBeforeResults(ContestError):
    field = "closes_at"

    def __init__(self, results: str) -> None:
        super().__init__(
            _l("The new deadline must be before the results date (%(results)s).", results=results)
        )


# --- reviewers ------------------------------------------------------------------------------


class UnknownReviewer(ContestError):
    message = _l("No account has this email address. The reviewer must register first.")
    field = "email"


class InactiveReviewer(ContestError):
    message = _l("This account is deactivated, so it cannot review.")
    field = "email"


class AlreadyReviewer(ContestError):
    message = _l("This person is already a reviewer of this contest.")
    field = "email"


class ReviewIsOver(ContestError):
    message = _l("The results are published: reviewers can no longer be added.")


class ReviewerHasScores(ContestError):
    message = _l("This reviewer has already given scores, so they stay on the record.")
