"""Running a contest: create and edit it, close it early or extend it, assign reviewers.

Services flush, never commit. A refused change raises a `ContestError` (`errors.py`) whose
`message` the view shows as it is; when the error belongs to one form field, `field` names it.

What may change when: in draft (before it opens) everything; once open only the texts, since
consortia are writing to its budget, eligibility, criteria and dates. The deadline then moves
only by `close_early` or `extend`, each recorded as a `ContestDateChange` with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TypedDict

from flask import url_for
from flask_babel import lazy_gettext as _l
from werkzeug.routing import BuildError

from app.accounts.models import User
from app.accounts.services import find_user_by_email
from app.actions import flush_once
from app.areas.models import Area
from app.clock import utcnow
from app.contests.management.errors import (
    AlreadyReviewer,
    CannotExtendAfterResults,
    CannotExtendDraft,
    ClosesBeforeOpens,
    ContestError,
    DeadlineInPast,
    DeadlineNotBeforeResults,
    DeadlineNotLater,
    DecisionsRecorded,
    InactiveReviewer,
    LockedOnceOpen,
    MaxAboveTotal,
    NoCriteria,
    NotOpen,
    ReopenInPast,
    ResultsBeforeDeadline,
    ReviewerHasScores,
    ReviewIsOver,
    UnknownReviewer,
    WeightsNot100,
)
from app.contests.management.queries import count_for_reviewers, has_decisions
from app.contests.models import Contest, ContestCriterion, ContestDateChange, ContestReviewer, Score
from app.contests.phases import phase_of
from app.contests.recusals import record_conflicts
from app.contests.states import ContestPhase, DateChangeKind
from app.extensions import db
from app.notifications.models import NotificationKind
from app.notifications.services import notify

MIN_ORGANISATIONS = (1, 50)
MAX_AMOUNT = 10_000_000_000_000  # 10 trillion won: anything above is a typo

TEXT_FIELDS = ("title_ko", "title_en", "description_ko", "description_en")


class ContestTexts(TypedDict):
    """The contest's texts (TEXT_FIELDS), as the texts form gives them."""

    title_ko: str
    title_en: str | None
    description_ko: str
    description_en: str | None


# --- the contest's details ------------------------------------------------------------------


@dataclass
class CriterionDetails:
    name_ko: str
    name_en: str | None
    weight: int


@dataclass
class ContestDetails:
    """Everything staff type into the contest form; dates are aware UTC datetimes."""

    title_ko: str
    title_en: str | None
    description_ko: str
    description_en: str | None
    total_budget: int
    max_per_proposal: int
    min_organisations: int
    opens_at: datetime
    closes_at: datetime
    results_at: datetime
    target_areas: list[Area] = field(default_factory=list)
    criteria: list[CriterionDetails] = field(default_factory=list)


def budget_problems(total_budget: int, max_per_proposal: int) -> list[ContestError]:
    return [MaxAboveTotal()] if max_per_proposal > total_budget else []


def criteria_problems(criteria: list[CriterionDetails]) -> list[ContestError]:
    if not criteria:
        return [NoCriteria()]
    total = sum(c.weight for c in criteria)
    return [WeightsNot100(total)] if total != 100 else []


def date_problems(
    opens_at: datetime, closes_at: datetime, results_at: datetime, now: datetime | None = None
) -> list[ContestError]:
    """The opening may be in the past (the contest then opens at once); the deadline not."""
    problems: list[ContestError] = []
    if closes_at <= opens_at:
        problems.append(ClosesBeforeOpens())
    elif closes_at <= (now or utcnow()):
        problems.append(DeadlineInPast())
    if results_at < closes_at:
        problems.append(ResultsBeforeDeadline())
    return problems


def problems_with(details: ContestDetails, now: datetime | None = None) -> list[ContestError]:
    """Every rule the details break (the form shows them all at once; services refuse)."""
    return (
        budget_problems(details.total_budget, details.max_per_proposal)
        + criteria_problems(details.criteria)
        + date_problems(details.opens_at, details.closes_at, details.results_at, now)
    )


def _check(details: ContestDetails) -> None:
    problems = problems_with(details)
    if problems:
        raise problems[0]


def create_contest(creator: User, details: ContestDetails) -> Contest:
    """A new contest; it is a draft until its opening date (which may be now)."""
    _check(details)
    contest = Contest(created_by=creator)
    _set_texts(contest, details)
    _set_terms(contest, details)
    db.session.add(contest)
    db.session.flush()
    return contest


def update_contest(contest: Contest, details: ContestDetails) -> None:
    """Change everything; only while the contest is still a draft."""
    if phase_of(contest) != ContestPhase.DRAFT:
        raise LockedOnceOpen()
    _check(details)
    _set_texts(contest, details)
    _set_terms(contest, details)
    db.session.flush()


def update_texts(contest: Contest, texts: ContestTexts) -> None:
    """Titles and descriptions may be corrected in any phase."""
    unknown = set(texts) - set(TEXT_FIELDS)
    if unknown:
        raise TypeError(f"not contest texts: {sorted(unknown)}")
    for name, value in texts.items():
        setattr(contest, name, value)
    db.session.flush()


def _set_texts(contest: Contest, details: ContestDetails) -> None:
    contest.title_ko = details.title_ko
    contest.title_en = details.title_en or None
    contest.description_ko = details.description_ko or ""
    contest.description_en = details.description_en or None


def _set_terms(contest: Contest, details: ContestDetails) -> None:
    contest.total_budget = details.total_budget
    contest.max_per_proposal = details.max_per_proposal
    contest.min_organisations = details.min_organisations
    contest.opens_at = details.opens_at
    contest.closes_at = details.closes_at
    contest.results_at = details.results_at
    contest.target_areas = list(details.target_areas)
    # Criteria are replaced as a whole: a draft has no scores that could point to them.
    contest.criteria = [
        ContestCriterion(position=n, name_ko=c.name_ko, name_en=c.name_en or None, weight=c.weight)
        for n, c in enumerate(details.criteria)
    ]


# --- moving the deadline --------------------------------------------------------------------


def close_early(contest: Contest, staff: User, reason: str, now: datetime | None = None) -> None:
    """Stop taking proposals now; the review starts at once, the results date stays."""
    now = now or utcnow()
    if phase_of(contest, now) != ContestPhase.OPEN:
        raise NotOpen()
    _record_date_change(contest, DateChangeKind.CLOSE_EARLY, contest.closes_at, now, reason, staff)
    contest.closes_at = now
    db.session.flush()


def extend(
    contest: Contest,
    staff: User,
    new_closes_at: datetime,
    reason: str,
    format_results=str,
    now: datetime | None = None,
) -> None:
    """Move the deadline later, while the contest is open or under review.

    The results date does not move: the new deadline must come before it. (Moving the results
    date would need a date-change kind of its own, so that the record says which date moved.)
    Extending a contest under review opens it again; that is refused once any decision is
    recorded, since consortia could then change what was decided on. `format_results` shows
    the results date in the refusal, in the reader's time zone.
    """
    now = now or utcnow()
    phase = phase_of(contest, now)
    if phase == ContestPhase.DRAFT:
        raise CannotExtendDraft()
    if phase == ContestPhase.RESULTS:
        raise CannotExtendAfterResults()
    if phase == ContestPhase.REVIEW and has_decisions(contest):
        raise DecisionsRecorded()
    if new_closes_at <= contest.closes_at:
        raise DeadlineNotLater()
    if new_closes_at <= now:
        raise ReopenInPast()
    if new_closes_at >= contest.results_at:
        raise DeadlineNotBeforeResults(format_results(contest.results_at))
    _record_date_change(
        contest, DateChangeKind.EXTEND, contest.closes_at, new_closes_at, reason, staff
    )
    contest.closes_at = new_closes_at
    db.session.flush()


def _record_date_change(contest, kind, old_at, new_at, reason: str, staff: User) -> None:
    contest.date_changes.append(
        ContestDateChange(
            kind=kind, old_at=old_at, new_at=new_at, reason=reason.strip(), changed_by=staff
        )
    )


# --- reviewers ------------------------------------------------------------------------------


def assign_reviewer(contest: Contest, email: str, staff: User) -> ContestReviewer:
    """Make the person with this email a reviewer: record their conflicts with the consortia
    already submitted, and tell them."""
    user = find_user_by_email(email)
    if user is None:
        raise UnknownReviewer()
    if not user.is_active_account:
        raise InactiveReviewer()
    if any(r.user_id == user.id for r in contest.reviewers):
        raise AlreadyReviewer()
    if phase_of(contest) == ContestPhase.RESULTS:
        raise ReviewIsOver()
    assignment = ContestReviewer(user=user, assigned_by=staff)
    contest.reviewers.append(assignment)
    flush_once(AlreadyReviewer)  # the same person added twice at once
    record_conflicts(contest, [user])
    notify(
        user,
        NotificationKind.REVIEWER_ASSIGNED,
        link=_review_link(contest),
        subject=_l("You are a reviewer for “%(title)s”"),
        body=_l(
            "The city's staff asked you to review the proposals of the contest “%(title)s”. "
            "The review starts after the deadline. Proposals from organisations you belong to "
            "are kept from you."
        ),
        title=lambda: contest.title,
    )
    return assignment


def _review_link(contest: Contest) -> str:
    try:
        return url_for("contests.review", contest_id=contest.id)
    except BuildError:  # the review pages are not part of this build
        return f"/contests/{contest.id}/review"


def remove_reviewer(contest: Contest, assignment: ContestReviewer) -> None:
    """Take a reviewer off the contest, unless their scores are already part of the review."""
    if count_for_reviewers(Score, contest).get(assignment.user_id, 0):
        raise ReviewerHasScores()
    contest.reviewers.remove(assignment)
    db.session.flush()
