"""Publishing results: staff make them public before their date, and every contest's
consortia are told their outcome once (at publication, or by the daily
`flask contests announce-results`). Services flush, never commit."""

from __future__ import annotations

from datetime import datetime

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.accounts.models import User
from app.clock import utcnow
from app.contests.models import Contest, ContestDateChange
from app.contests.phases import phase_of
from app.contests.results.errors import DecisionsMissing
from app.contests.review.errors import NotInReview, ReasonMissing
from app.contests.review.queries import submitted_proposals
from app.contests.states import ContestPhase, DateChangeKind
from app.extensions import db
from app.i18n import format_krw
from app.notifications.models import NotificationKind
from app.notifications.services import notify_all


def publish_results(contest: Contest, staff: User, reason: str, now: datetime | None = None) -> int:
    """Staff make the results public now, before their date; the consortia are told at once.
    Returns how many people were notified."""
    now = now or utcnow()
    if phase_of(contest, now) != ContestPhase.REVIEW:
        raise NotInReview()
    missing = sum(1 for p in submitted_proposals(contest) if p.decision is None)
    if missing:
        raise DecisionsMissing(missing)
    if not reason.strip():
        raise ReasonMissing()
    contest.date_changes.append(
        ContestDateChange(
            kind=DateChangeKind.PUBLISH_RESULTS,
            old_at=contest.results_at,
            new_at=now,
            reason=reason.strip(),
            changed_by=staff,
        )
    )
    contest.results_at = now
    db.session.flush()
    return announce_results(contest, now)


def results_path(contest: Contest) -> str:
    return url_for("contests.results", contest_id=contest.id)


def announce_results(contest: Contest, now: datetime | None = None) -> int:
    """Tell the representatives of every submitted proposal's lead and accepted supporters
    its outcome, once. A proposal left without a decision on the results date was not
    selected. Returns how many people were notified (0 when already announced)."""
    if contest.results_announced_at is not None:
        return 0
    link = results_path(contest)
    notified = 0
    for proposal in submitted_proposals(contest):
        people = {o.representative() for o in proposal.consortium()} - {None}
        decision = proposal.decision
        common = {
            "link": link,
            "subject": _l("Results of %(contest)s"),
            "contest": lambda: contest.title,
            "proposal": proposal.title,
        }
        if decision is not None and decision.selected:
            notify_all(
                people,
                NotificationKind.RESULTS_PUBLISHED,
                body=_l(
                    'Your consortium\'s proposal "%(proposal)s" was selected in %(contest)s and '
                    "is awarded %(amount)s. The reason given: %(reason)s"
                ),
                amount=lambda amount=decision.amount_awarded: format_krw(amount),
                reason=decision.public_reason,
                **common,
            )
        elif decision is not None:
            notify_all(
                people,
                NotificationKind.RESULTS_PUBLISHED,
                body=_l(
                    'Your consortium\'s proposal "%(proposal)s" was not selected in '
                    "%(contest)s. The reason given: %(reason)s"
                ),
                reason=decision.public_reason,
                **common,
            )
        else:
            notify_all(
                people,
                NotificationKind.RESULTS_PUBLISHED,
                body=_l(
                    'Your consortium\'s proposal "%(proposal)s" was not selected in %(contest)s.'
                ),
                **common,
            )
        notified += len(people)
    contest.results_announced_at = now or utcnow()
    db.session.flush()
    return notified


def announce_due_results(now: datetime | None = None) -> list[tuple[Contest, int]]:
    """Announce every contest whose results date has come and which was not announced yet
    (the daily `flask contests announce-results`). Returns (contest, people notified)."""
    now = now or utcnow()
    due = db.session.scalars(
        select(Contest)
        .where(Contest.results_at <= now, Contest.results_announced_at.is_(None))
        .order_by(Contest.id)
    ).all()
    return [(contest, announce_results(contest, now)) for contest in due]
