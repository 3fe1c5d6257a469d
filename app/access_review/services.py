"""The review's two changes: the month's CSV leaves the site (logged), a month is reviewed."""

from __future__ import annotations

from app.access_log import AccessAction, record_access
from app.access_review.errors import AlreadyReviewed
from app.access_review.models import AccessLogReview
from app.access_review.queries import Month
from app.accounts.models import User
from app.actions import flush_once
from app.extensions import db


def log_month_export(month: Month, reason: str) -> None:
    # The log itself holds personal data (who read whose record): taking a copy is logged too.
    record_access(
        "access_log", month.year * 100 + month.month, AccessAction.DOWNLOAD, reason=reason
    )


def mark_reviewed(month: Month, officer: User) -> AccessLogReview:
    review = AccessLogReview(month=str(month), reviewed_by_id=officer.id)
    db.session.add(review)
    flush_once(AlreadyReviewed)
    return review
