"""What the review refuses: scoring or deciding outside the review, a reviewer who may not
score, scores or a decision that break the rules. Each error's `message` is shown as it is;
an amount's errors belong next to the amount field."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.contests.models import SCORE_MAX, SCORE_MIN
from app.errors import DomainError

# Below this score a reviewer says why: the consortium's weak point should be on record.
COMMENT_REQUIRED_AT_MOST = 3


class ReviewError(DomainError):
    """A score, recusal, decision or publication the contest's phase or the rules refuse."""


class NotInReview(ReviewError):
    message = _l("This can be done only while the contest is under review.")


class NotSubmitted(ReviewError):
    message = _l("Only submitted proposals are reviewed and decided.")


class NotAReviewer(ReviewError):
    message = _l("You are not a reviewer of this contest.")


class StandingAside(ReviewError):
    message = _l("You stand aside from this proposal: you cannot score it.")


class IncompleteScores(ReviewError):
    message = _l("Score every criterion before saving.")


class ScoreOutOfRange(ReviewError):
    message = _l(
        "Each score is a whole number from %(min)d to %(max)d.", min=SCORE_MIN, max=SCORE_MAX
    )


class CommentMissing(ReviewError):
    message = _l(
        "Explain every score of %(max)d or less in a comment.", max=COMMENT_REQUIRED_AT_MOST
    )


class ReasonMissing(ReviewError):
    message = _l("Give the reason.")


class AmountOutOfRange(ReviewError):
    field = "amount_awarded"


class OverBudget(ReviewError):
    field = "amount_awarded"
