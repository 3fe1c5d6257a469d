"""What publishing results refuses, beyond the review's own refusals (not in review, no
reason given: app.contests.review.errors)."""

from __future__ import annotations

from flask_babel import lazy_ngettext

from app.contests.review.errors import ReviewError


class DecisionsMissing(ReviewError):
    """Some submitted proposals have no decision yet; the message says how many."""

    def __init__(self, count: int) -> None:
        super().__init__(
            lazy_ngettext(
                "%(num)d submitted proposal has no decision yet.",
                "%(num)d submitted proposals have no decision yet.",
                count,
            )
        )
