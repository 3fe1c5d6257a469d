"""Review: scores and their weighted totals, spread and ranking; declared and found recusals;
decisions within the budget; publishing the results."""

from __future__ import annotations

import html
import re
from fractions import Fraction
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from app.accounts.models import Role, User
from app.clock import utcnow
from app.contests.models import Decision, Proposal, Recusal, Score
from app.contests.review.errors import OverBudget
from app.contests.review.queries import one_decimal, rank_proposals, standing_of
from app.contests.review.services import record_decision
from app.contests.states import ContestPhase, DateChangeKind, RecusalReason
from app.extensions import db
from app.notifications.models import Notification, NotificationKind
from tests.contests.factories import (
    assign_reviewer,
    decide,
    make_contest,
    make_proposal,
    score_all,
    set_phase,
)
from tests.factories import add_member, field_error, login, make_user, reload


@pytest.fixture
def client(english_client):
    return english_client


def give(proposal: Proposal, reviewer: User, values, comment: str = "") -> None:
    """The reviewer's scores on the contest's criteria, in order (None: not scored)."""
    for criterion, value in zip(proposal.contest.criteria, values, strict=True):
        if value is not None:
            db.session.add(
                Score(
                    proposal=proposal,
                    reviewer=reviewer,
                    criterion=criterion,
                    score=value,
                    comment=comment,
                )
            )
    db.session.flush()


def score_count(proposal: Proposal, reviewer: User | None = None) -> int:
    statement = select(func.count(Score.id)).where(Score.proposal_id == proposal.id)
    if reviewer is not None:
        statement = statement.where(Score.reviewer_id == reviewer.id)
    return db.session.scalar(statement)


@pytest.fixture
def review():
    """A contest under review (weights 40/30/30): three submitted proposals, a draft, three
    reviewers, and a staff member."""
    contest = make_contest(ContestPhase.REVIEW)
    proposals = [
        make_proposal(contest, status="submitted", title=title)
        for title in ("Side dishes", "Warm winter", "Reading club")
    ]
    draft = make_proposal(contest, title="Unfinished")
    reviewers = [assign_reviewer(contest, make_user(display_name=f"Reviewer {n}")) for n in "ABC"]
    return SimpleNamespace(
        contest=contest,
        proposals=proposals,
        draft=draft,
        reviewers=reviewers,
        staff=make_user(Role.STAFF),
    )


# --- totals, spread, ranking ------------------------------------------------------------------


def test_weighted_totals_spread_and_ranking_by_hand(review):
    side_dishes, warm_winter, reading_club = review.proposals
    a, b, c = review.reviewers
    # 8/10×40 + 6/10×30 + 7/10×30 = 32 + 18 + 21 = 71; 9s give 90; 5s give 50.
    give(side_dishes, a, (8, 6, 7))
    give(side_dishes, b, (9, 9, 9))
    give(side_dishes, c, (5, 5, 5))
    give(warm_winter, a, (7, 7, 7))
    give(warm_winter, b, (7, 7, 7))
    give(reading_club, a, (10, None, None))  # not finished: not counted

    standing = standing_of(side_dishes)
    assert [r.total for r in standing.reviewers] == [71, 90, 50]
    assert standing.total == Fraction(211, 3)
    assert one_decimal(standing.total) == one_decimal(Fraction(703, 10))  # 70.3
    assert standing.spread == 40
    need, feasibility, partnership = review.contest.criteria
    assert standing.criterion_means == {
        need.id: Fraction(22, 3),
        feasibility.id: Fraction(20, 3),
        partnership.id: 7,
    }
    assert (standing.reviewers_done, standing.reviewers_assigned) == (3, 3)

    ranking = rank_proposals(review.contest, review.staff)
    rows = [(s.proposal.title, s.rank, one_decimal(s.total)) for s in ranking.standings]
    assert rows == [
        ("Side dishes", 1, one_decimal(Fraction(703, 10))),
        ("Warm winter", 2, 70),
        ("Reading club", None, None),  # not yet scored, last; the draft is not listed
    ]
    assert ranking.standings[1].spread == 0
    assert (ranking.standings[2].reviewers_done, ranking.standings[2].reviewers_assigned) == (0, 3)


def test_equal_totals_share_a_rank(review):
    side_dishes, warm_winter, reading_club = review.proposals
    a = review.reviewers[0]
    score_all(side_dishes, a, 6)
    score_all(warm_winter, a, 6)
    score_all(reading_club, a, 4)
    ranks = [
        (s.proposal.title, s.rank) for s in rank_proposals(review.contest, review.staff).standings
    ]
    assert ranks == [("Side dishes", 1), ("Warm winter", 1), ("Reading club", 3)]


def test_the_ranking_page_rounds_half_up_to_one_decimal(client):
    contest = make_contest(
        ContestPhase.REVIEW, criteria=(("가", "One", 25), ("나", "Two", 25), ("다", "Three", 50))
    )
    proposal = make_proposal(contest, status="submitted")
    a, b = assign_reviewer(contest), assign_reviewer(contest)
    give(proposal, a, (10, 10, 9))  # 25 + 25 + 45 = 95
    give(proposal, b, (10, 9, 10))  # 25 + 22.5 + 50 = 97.5
    staff = make_user(Role.STAFF)
    login(client, staff)
    page = client.get(f"/contests/{contest.id}/ranking").get_data(as_text=True)
    row = re.search(rf'<tr id="proposal-{proposal.id}">(.*?)</tr>', page, re.S).group(1)
    cells = [
        re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    ]
    # rank, lead, requested, means of One/Two/Three, total, spread, done, decision
    assert cells[0] == "1"
    assert cells[3:6] == ["10.0", "9.5", "9.5"]
    assert cells[6] == "96.3"  # 96.25, half up (not to even)
    assert cells[7] == "2.5"
    assert cells[8] == "2 of 2"
    assert "No decision yet" in cells[9]


def test_a_reviewer_who_joined_a_consortium_after_scoring_leaves_the_totals(client, review):
    side_dishes = review.proposals[0]
    a, b, c = review.reviewers
    give(side_dishes, a, (10, 10, 10))
    give(side_dishes, b, (5, 5, 5))
    add_member(side_dishes.partners[0].organisation, a)  # now a has a stake

    standing = standing_of(side_dishes)
    assert [r.reviewer for r in standing.reviewers] == [b, c]
    assert standing.total == 50 and standing.spread == 0
    assert (standing.reviewers_done, standing.reviewers_assigned) == (1, 2)

    login(client, review.staff)
    assert client.get(f"/contests/{review.contest.id}/ranking").status_code == 200
    recusal = db.session.scalar(select(Recusal).where(Recusal.reviewer_id == a.id))
    assert recusal.reason == RecusalReason.MEMBERSHIP  # written down when staff looked
    assert recusal.organisation_id == side_dishes.partners[0].organisation_id
    assert score_count(side_dishes, a) == 3  # kept on record, left out of the totals


def test_staff_with_a_stake_see_no_scores_of_that_proposal(client, review):
    side_dishes, warm_winter, _ = review.proposals
    a = review.reviewers[0]
    give(side_dishes, a, (1, 2, 3), comment="Secret comment on side dishes")
    give(warm_winter, a, (9, 9, 9))
    add_member(side_dishes.lead_organisation, review.staff)

    ranking = rank_proposals(review.contest, review.staff)
    assert [(s.proposal.title, s.rank, s.hidden) for s in ranking.standings] == [
        ("Warm winter", 1, False),
        ("Reading club", None, False),
        ("Side dishes", None, True),
    ]
    assert ranking.standings[2].total is None and ranking.standings[2].reviewers == []

    login(client, review.staff)
    page = client.get(f"/contests/{review.contest.id}/ranking").get_data(as_text=True)
    row = re.search(rf'<tr id="proposal-{side_dishes.id}">(.*?)</tr>', page, re.S).group(1)
    assert "You stand aside from this proposal" in row
    assert "1.0" not in row and "Decide" not in row
    proposal_page = client.get(f"/proposals/{side_dishes.id}").get_data(as_text=True)
    assert "Secret comment on side dishes" not in proposal_page
    assert "its scores and decision are not shown to you" in proposal_page
    assert client.get(f"/proposals/{side_dishes.id}/decision").status_code == 403


def test_staff_see_each_reviewers_scores_on_the_proposal_page(client, review):
    side_dishes = review.proposals[0]
    a, b, _ = review.reviewers
    give(side_dishes, a, (3, 6, 7), comment="Weak on need")
    give(side_dishes, b, (9, 9, 9))
    login(client, review.staff)
    page = client.get(f"/proposals/{side_dishes.id}").get_data(as_text=True)
    section = page.split('id="staff-review-heading"', 1)[1]
    assert "Reviewer A" in section and "Reviewer B" in section
    assert "Weak on need" in section
    assert "51.0" in section and "90.0" in section  # 12 + 18 + 21; 36 + 27 + 27
    assert "Weighted total 70.5, spread 39.0, from 2 of 3 reviewers." in section


# --- scoring -----------------------------------------------------------------------------------


def score_data(proposal: Proposal, values, comments=None) -> dict[str, str]:
    data = {}
    for n, criterion in enumerate(proposal.contest.criteria):
        data[f"score_{criterion.id}"] = "" if values[n] is None else str(values[n])
        data[f"comment_{criterion.id}"] = (comments or {}).get(n, "")
    return data


def test_a_reviewer_scores_every_criterion_and_can_change_the_scores(client, review):
    proposal = review.proposals[0]
    a = review.reviewers[0]
    login(client, a)
    page = client.get(f"/proposals/{proposal.id}/score").get_data(as_text=True)
    for criterion in review.contest.criteria:
        assert f'name="score_{criterion.id}"' in page and criterion.name_en in page

    response = client.post(
        f"/proposals/{proposal.id}/score", data=score_data(proposal, (8, 6, 7), {0: "Clear need"})
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/contests/{review.contest.id}/review")
    assert standing_of(reload(proposal)).total == 71

    # Saving again replaces the scores (one row per criterion, never two).
    client.post(f"/proposals/{proposal.id}/score", data=score_data(proposal, (10, 10, 10)))
    assert score_count(proposal, a) == 3
    assert standing_of(reload(proposal)).total == 100
    page = client.get(f"/proposals/{proposal.id}/score").get_data(as_text=True)
    assert 'value="10"' in page


BAD_SCORES = {
    "missing": ((8, None, 7), {}, 1, "Give a whole number from 0 to 10."),
    "too high": ((8, 11, 7), {}, 1, "Give a whole number from 0 to 10."),
    "negative": ((-1, 6, 7), {0: "why"}, 0, "Give a whole number from 0 to 10."),
    "not a number": (("seven", 6, 7), {}, 0, "Give a whole number from 0 to 10."),
}


@pytest.mark.parametrize("case", list(BAD_SCORES))
def test_bad_scores_are_refused_at_their_field_and_nothing_is_saved(client, review, case):
    values, comments, index, message = BAD_SCORES[case]
    proposal = review.proposals[0]
    login(client, review.reviewers[0])
    response = client.post(
        f"/proposals/{proposal.id}/score", data=score_data(proposal, values, comments)
    )
    assert response.status_code == 200
    criterion = review.contest.criteria[index]
    assert message in field_error(response.get_data(as_text=True), f"score_{criterion.id}")
    assert score_count(proposal) == 0


def test_a_low_score_needs_a_comment(client, review):
    proposal = review.proposals[0]
    login(client, review.reviewers[0])
    response = client.post(f"/proposals/{proposal.id}/score", data=score_data(proposal, (3, 6, 7)))
    criterion = review.contest.criteria[0]
    error = field_error(response.get_data(as_text=True), f"comment_{criterion.id}")
    assert error == "Explain a score of 3 or less in a comment."
    assert score_count(proposal) == 0
    response = client.post(
        f"/proposals/{proposal.id}/score", data=score_data(proposal, (3, 6, 7), {0: "Thin plan"})
    )
    assert response.status_code == 302
    assert score_count(proposal) == 3


def test_the_review_list_sorts_proposals_and_records_conflicts(client, review):
    side_dishes, warm_winter, reading_club = review.proposals
    a = review.reviewers[0]
    score_all(warm_winter, a, 7)
    add_member(reading_club.lead_organisation, a)
    login(client, a)
    page = client.get(f"/contests/{review.contest.id}/review").get_data(as_text=True)

    def section(heading_id):
        return page.split(f'id="{heading_id}"', 1)[1].split("<h2", 1)[0]

    assert "Side dishes" in section("to-score-heading")
    assert "Warm winter" in section("scored-heading")
    recused = section("recused-heading")
    assert "Reading club" in recused
    assert f"you stand aside: member of {reading_club.lead_organisation.name_en}" in recused
    assert "Unfinished" not in page  # drafts are not reviewed
    recusal = db.session.scalar(select(Recusal).where(Recusal.reviewer_id == a.id))
    assert (recusal.proposal_id, recusal.reason) == (reading_club.id, RecusalReason.MEMBERSHIP)


def test_the_review_list_waits_for_the_deadline(client):
    contest = make_contest(ContestPhase.OPEN)
    make_proposal(contest, status="submitted", title="Early bird")
    reviewer = assign_reviewer(contest)
    login(client, reviewer)
    page = client.get(f"/contests/{contest.id}/review").get_data(as_text=True)
    assert "Early bird" not in page
    assert "Proposals can be submitted until" in page


# --- declaring a conflict ------------------------------------------------------------------------


def test_declaring_a_conflict_deletes_the_reviewers_scores(client, review):
    proposal = review.proposals[0]
    a, b, _ = review.reviewers
    score_all(proposal, a, 8)
    score_all(proposal, b, 6)
    login(client, a)
    response = client.post(
        f"/proposals/{proposal.id}/recuse", data={"note": "My sister runs the lead"}
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your 3 scores on it were deleted." in page
    assert score_count(proposal, a) == 0 and score_count(proposal, b) == 3
    recusal = db.session.scalar(select(Recusal).where(Recusal.reviewer_id == a.id))
    assert (recusal.reason, recusal.note) == (RecusalReason.DECLARED, "My sister runs the lead")
    assert "you stand aside: you declared a conflict" in page

    # From now on the reviewer can neither score it nor see its scores.
    assert client.get(f"/proposals/{proposal.id}/score").status_code == 403
    post = client.post(f"/proposals/{proposal.id}/score", data=score_data(proposal, (9, 9, 9)))
    assert post.status_code == 403
    assert score_count(proposal, a) == 0
    assert client.post(f"/proposals/{proposal.id}/recuse", data={"note": "x"}).status_code == 403


def test_declaring_a_conflict_needs_a_note(client, review):
    proposal = review.proposals[0]
    login(client, review.reviewers[0])
    response = client.post(f"/proposals/{proposal.id}/recuse", data={"note": "  "})
    assert response.status_code == 200
    assert field_error(response.get_data(as_text=True), "note") == (
        "Say briefly why you stand aside."
    )
    assert db.session.scalar(select(func.count(Recusal.id))) == 0


def test_a_reviewer_who_had_not_scored_is_told_so(client, review):
    proposal = review.proposals[1]
    login(client, review.reviewers[0])
    response = client.post(f"/proposals/{proposal.id}/recuse", data={"note": "Old colleague"})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You stand aside from “Warm winter”." in page
    assert "deleted" not in page


# --- decisions -----------------------------------------------------------------------------------


def decision_data(selected="yes", amount="10,000,000", reason="Strong local partners"):
    return {"selected": selected, "amount_awarded": amount, "public_reason": reason}


def test_staff_decide_and_change_a_decision_until_the_results(client, review):
    proposal = review.proposals[0]  # asks for 15,000,000
    login(client, review.staff)
    assert client.get(f"/proposals/{proposal.id}/decision").status_code == 200
    response = client.post(f"/proposals/{proposal.id}/decision", data=decision_data())
    assert response.status_code == 302
    decision = reload(proposal).decision
    assert (decision.selected, decision.amount_awarded) == (True, 10_000_000)
    assert decision.public_reason == "Strong local partners"
    assert decision.decided_by_id == review.staff.id

    page = client.get(f"/proposals/{proposal.id}/decision").get_data(as_text=True)
    assert 'value="10,000,000"' in page
    client.post(
        f"/proposals/{proposal.id}/decision",
        data=decision_data(selected="no", amount="", reason="Overlaps an existing service"),
    )
    decision = reload(proposal).decision
    assert (decision.selected, decision.amount_awarded) == (False, 0)


BAD_DECISIONS = {
    "more than asked": (decision_data(amount="15,000,001"), "amount_awarded", "at most"),
    "zero": (decision_data(amount="0"), "amount_awarded", "more than 0"),
    "no amount": (decision_data(amount=""), "amount_awarded", "Enter the amount awarded."),
    "not a number": (decision_data(amount="lots"), "amount_awarded", "whole won"),
    "amount when not selected": (
        decision_data(selected="no", amount="5000"),
        "amount_awarded",
        "awarded nothing",
    ),
    "no reason": (decision_data(reason=" "), "public_reason", "Give the reason"),
    "no choice": (
        {"amount_awarded": "", "public_reason": "x"},
        "selected",
        "Choose whether",
    ),
}


@pytest.mark.parametrize("case", list(BAD_DECISIONS))
def test_bad_decisions_are_refused_at_their_field(client, review, case):
    data, field_id, message = BAD_DECISIONS[case]
    proposal = review.proposals[0]
    login(client, review.staff)
    response = client.post(f"/proposals/{proposal.id}/decision", data=data)
    assert response.status_code == 200
    assert message in field_error(response.get_data(as_text=True), field_id)
    assert reload(proposal).decision is None


def test_the_maximum_per_proposal_caps_the_award(client):
    contest = make_contest(ContestPhase.REVIEW, max_per_proposal=12_000_000)
    proposal = make_proposal(contest, status="submitted")  # asks for 15,000,000
    login(client, make_user(Role.STAFF))
    response = client.post(
        f"/proposals/{proposal.id}/decision", data=decision_data(amount="12,000,001")
    )
    assert "at most ₩12,000,000" in field_error(response.get_data(as_text=True), "amount_awarded")
    response = client.post(
        f"/proposals/{proposal.id}/decision", data=decision_data(amount="12,000,000")
    )
    assert response.status_code == 302


def test_the_awards_stay_within_the_budget(client):
    contest = make_contest(ContestPhase.REVIEW, total_budget=40_000_000)
    first, second, third = (make_proposal(contest, status="submitted") for _ in range(3))
    decide(first, True, 15_000_000)
    decide(second, True, 15_000_000)
    login(client, make_user(Role.STAFF))
    response = client.post(
        f"/proposals/{third.id}/decision", data=decision_data(amount="10,000,001")
    )
    assert response.status_code == 200
    error = html.unescape(field_error(response.get_data(as_text=True), "amount_awarded"))
    assert (
        error == "This would go over the contest's budget: ₩10,000,000 is left for this proposal."
    )
    assert reload(third).decision is None

    assert (
        client.post(
            f"/proposals/{third.id}/decision", data=decision_data(amount="10,000,000")
        ).status_code
        == 302
    )
    # Changing a decision counts the budget without the proposal's own earlier award.
    response = client.post(
        f"/proposals/{first.id}/decision", data=decision_data(amount="15,000,000")
    )
    assert response.status_code == 302
    page = client.get(f"/contests/{contest.id}/ranking").get_data(as_text=True)
    assert re.search(r'id="budget-left">₩0<', page)


def test_the_budget_is_checked_by_the_service_too(review):
    first, second, _ = review.proposals
    decide(first, True, 30_000_000)
    review.contest.total_budget = 40_000_000
    with pytest.raises(OverBudget) as refused:
        record_decision(second, review.staff, True, 10_000_001, "Good")
    assert "₩10,000,000" in str(refused.value.message)


def test_decisions_cannot_change_after_the_results(client, review):
    proposal = review.proposals[0]
    decide(proposal, True, 10_000_000)
    set_phase(review.contest, ContestPhase.RESULTS)
    login(client, review.staff)
    response = client.post(f"/proposals/{proposal.id}/decision", data=decision_data(amount="1"))
    assert response.status_code == 302
    assert reload(proposal).decision.amount_awarded == 10_000_000


# --- publishing --------------------------------------------------------------------------------


def test_publishing_is_refused_while_a_proposal_has_no_decision(client, review):
    first, second, _ = review.proposals
    decide(first, True, 10_000_000)
    decide(second, False)
    results_at = review.contest.results_at
    login(client, review.staff)
    response = client.post(
        f"/contests/{review.contest.id}/publish", data={"reason": "Committee met early"}
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "1 submitted proposal has no decision yet." in page
    assert reload(review.contest).results_at == results_at
    assert db.session.scalar(select(func.count(Notification.id))) == 0


def test_publishing_needs_a_reason(client, review):
    for proposal in review.proposals:
        decide(proposal, False)
    login(client, review.staff)
    response = client.post(f"/contests/{review.contest.id}/publish", data={"reason": ""})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Give the reason for publishing before the results date." in page
    assert reload(review.contest).results_announced_at is None


def test_publishing_moves_the_results_date_records_it_and_tells_the_consortia(client, review):
    first, second, third = review.proposals
    decide(first, True, 12_000_000)
    decide(second, False)
    decide(third, False)
    old_results_at = review.contest.results_at
    login(client, review.staff)
    before = utcnow()
    response = client.post(
        f"/contests/{review.contest.id}/publish", data={"reason": "Committee met early"}
    )
    assert response.headers["Location"].endswith(f"/contests/{review.contest.id}/results")
    contest = reload(review.contest)
    assert before <= contest.results_at <= utcnow()
    assert contest.results_announced_at is not None
    (change,) = contest.date_changes
    assert change.kind == DateChangeKind.PUBLISH_RESULTS
    assert (change.old_at, change.new_at) == (old_results_at, contest.results_at)
    assert (change.reason, change.changed_by_id) == ("Committee met early", review.staff.id)
    # Lead and two accepted supporters each, for three proposals.
    kinds = db.session.scalars(select(Notification.kind)).all()
    assert kinds == [NotificationKind.RESULTS_PUBLISHED] * 9
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The results are published. 9 people were notified." in page
    assert "Preview for staff" not in page

    # Once published, there is nothing left to publish, and nobody is told twice.
    again = client.post(f"/contests/{review.contest.id}/publish", data={"reason": "Again"})
    assert again.status_code == 302
    assert db.session.scalar(select(func.count(Notification.id))) == 9
    assert len(reload(review.contest).date_changes) == 1


def test_decisions_are_kept_whole(review):
    """The database refuses an award on a proposal that is not selected (and the reverse)."""
    proposal = review.proposals[0]
    db.session.add(Decision(proposal=proposal, selected=False, amount_awarded=5, public_reason="x"))
    with pytest.raises(Exception):  # noqa: B017, PT011 (IntegrityError on both databases)
        db.session.flush()
    db.session.rollback()
