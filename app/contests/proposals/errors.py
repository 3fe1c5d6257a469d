"""What proposals refuse: a step their state or the contest's phase no longer allows, a
lead who may not lead, a budget or area outside the contest, an attachment we do not accept.
Each error's `message` is shown as it is."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.contests.models import Contest
from app.contests.phases import phase_of
from app.contests.states import ContestPhase
from app.errors import DomainError
from app.i18n import format_when


class ProposalError(DomainError):
    """A step a proposal's state no longer allows (the deadline may have passed since)."""


class ContestNotOpen(ProposalError):
    def __init__(self, contest: Contest, now: datetime | None = None) -> None:
        if phase_of(contest, now) == ContestPhase.DRAFT:
            super().__init__(_("This contest is not open for proposals yet."))
        else:
            super().__init__(
                _(
                    "The deadline for proposals passed on %(deadline)s: this can no longer "
                    "be done.",
                    deadline=format_when(contest.closes_at),
                )
            )


class NotADraft(ProposalError):
    message = _l("Only a draft proposal can be changed.")


class MayNotLead(ProposalError):
    message = _l("Choose a verified organisation that you represent.")


class AlreadyLeads(ProposalError):
    message = _l("This organisation already leads a proposal in this contest.")


class NotEligible(ProposalError):
    message = _l(
        "This proposal cannot be submitted yet. The list on its page says what is missing."
    )

    def __init__(self, missing: list[str]) -> None:
        super().__init__()
        self.missing = missing


class NotSubmitted(ProposalError):
    message = _l("Only a submitted proposal can be withdrawn.")


class NotWithdrawn(ProposalError):
    message = _l("Only a withdrawn proposal can be reopened.")


class CannotInvite(ProposalError):
    message = _l("Choose a verified organisation that is not in this consortium yet.")


class AlreadyInvited(ProposalError):
    message = _l("This organisation is already invited to this consortium.")


class AlreadyAnswered(ProposalError):
    message = _l("This invitation has already been answered.")


class AreaOutsideContest(ProposalError):
    message = _l("Choose target areas within the contest's target areas.")


class BudgetOutOfBounds(ProposalError):
    """The budget does not fit the contest; the message says by how much."""


# --- attachments ------------------------------------------------------------------------------


class AttachmentError(ProposalError):
    """The upload is not a PDF we accept; `message` says why, for the form."""


class TooManyAttachments(ProposalError):
    def __init__(self, limit: int) -> None:
        super().__init__(
            _l("A proposal has at most %(count)d files: delete one first.", count=limit)
        )
