"""Staff's CSV exports: a file Excel opens (BOM), the right rows, no formulas, and no scores
for a proposal the staff member is recused from."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from app.accounts.models import Role
from app.contests.models import ProposalPartner
from app.contests.recusals import record_recusal
from app.contests.states import ContestPhase, PartnerStatus, ProposalStatus, RecusalReason
from app.csv_files import safe_cell
from app.extensions import db
from tests.contests.factories import assign_reviewer, decide, make_contest, make_proposal, score_all
from tests.factories import add_member, login, make_area, make_organisation, make_user


@pytest.fixture
def client(english_client):
    return english_client


@pytest.fixture
def staff():
    return make_user(Role.STAFF)


def download(client, path: str) -> tuple[list[list[str]], bytes]:
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    body = response.data
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    return rows, body


# --- proposals.csv --------------------------------------------------------------------------------


def test_the_proposals_file_opens_in_excel_with_korean(client, staff):
    contest = make_contest(ContestPhase.REVIEW)
    make_proposal(contest, status=ProposalStatus.SUBMITTED, title="어르신 반찬 나눔")
    login(client, staff)
    rows, body = download(client, f"/contests/{contest.id}/proposals.csv")
    assert body.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs for UTF-8
    assert "어르신 반찬 나눔".encode() in body
    assert rows[0][:3] == ["Proposal ID", "Title", "Lead organisation"]
    response = client.get(f"/contests/{contest.id}/proposals.csv")
    assert (
        f'filename="contest-{contest.id}-proposals.csv"' in response.headers["Content-Disposition"]
    )


def test_the_proposals_file_has_one_row_per_submitted_or_withdrawn_proposal(client, staff):
    contest = make_contest(ContestPhase.REVIEW)
    area = make_area(name_en="Hope-dong")
    lead = make_organisation(representative=make_user(), name_en="Lead Group")
    accepted = make_organisation(representative=make_user(), name_en="Accepted Group")
    second = make_organisation(representative=make_user(), name_en="Second Group")
    invited = make_organisation(representative=make_user(), name_en="Invited Group")
    selected = make_proposal(
        contest,
        lead,
        supporters=[accepted, second],
        status=ProposalStatus.SUBMITTED,
        budget=(("인건비", 10_000_000), ("물품", 5_000_000)),
        target_areas=[area],
        expected_beneficiaries=120,
    )
    selected.submitted_at = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
    selected.partners.append(
        ProposalPartner(organisation=invited, role_description="x", status=PartnerStatus.INVITED)
    )
    decide(selected, True, 12_000_000, "Strong partnership")
    not_selected = make_proposal(contest, status=ProposalStatus.SUBMITTED)
    decide(not_selected, False, reason="Outside the target areas")
    withdrawn = make_proposal(contest, status=ProposalStatus.WITHDRAWN)
    draft = make_proposal(contest, status=ProposalStatus.DRAFT)
    db.session.flush()
    login(client, staff)
    rows, _ = download(client, f"/contests/{contest.id}/proposals.csv")
    by_id = {row[0]: row for row in rows[1:]}
    assert set(by_id) == {str(selected.id), str(not_selected.id), str(withdrawn.id)}
    assert str(draft.id) not in by_id
    assert by_id[str(selected.id)] == [
        str(selected.id),
        "어르신 반찬 나눔",
        "Lead Group",
        "Accepted Group; Second Group",
        "Submitted",
        "15000000",
        "Hope-dong",
        "120",
        "2026-10-01 18:00",  # Seoul time
        "Selected",
        "12000000",
        "Strong partnership",
    ]
    assert by_id[str(not_selected.id)][9:] == ["Not selected", "0", "Outside the target areas"]
    assert by_id[str(withdrawn.id)][4] == "Withdrawn"
    assert by_id[str(withdrawn.id)][9:] == ["", "", ""]


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_text_that_would_be_a_formula_is_quoted(client, staff, start):
    contest = make_contest(ContestPhase.REVIEW)
    title = f'{start}HYPERLINK("http://evil.example","x")'
    make_proposal(contest, status=ProposalStatus.SUBMITTED, title=title)
    login(client, staff)
    rows, _ = download(client, f"/contests/{contest.id}/proposals.csv")
    assert rows[1][1] == "'" + title


def test_safe_cell():
    assert safe_cell("=1+2") == "'=1+2"
    assert safe_cell("\t=1") == "'\t=1"
    assert safe_cell("어르신") == "어르신"
    assert safe_cell("a=b") == "a=b"
    assert safe_cell(-5) == -5  # numbers stay numbers
    assert safe_cell(None) == ""


# --- scores.csv -----------------------------------------------------------------------------------


def _reviewed_contest():
    """A contest under review: two proposals scored by two reviewers; a third reviewer is a
    member of the first proposal's supporter and so recused."""
    contest = make_contest(ContestPhase.REVIEW)
    first = make_proposal(contest, status=ProposalStatus.SUBMITTED, title="First project")
    second = make_proposal(contest, status=ProposalStatus.SUBMITTED, title="Second project")
    kim = assign_reviewer(contest, make_user(display_name="Kim Reviewer"))
    lee = assign_reviewer(contest, make_user(display_name="Lee Reviewer"))
    park = assign_reviewer(contest, make_user(display_name="Park Reviewer"))
    add_member(first.partners[0].organisation, park)
    record_recusal(park, first)
    for proposal in (first, second):
        score_all(proposal, kim, 8)
        score_all(proposal, lee, 6)
    score_all(second, park, 9)
    return contest, first, second


def test_the_scores_file_has_a_row_per_score_and_marks_recusals(client, staff):
    contest, first, second = _reviewed_contest()
    first.scores[0].comment = "=cmd|' /C calc'!A0"
    db.session.flush()
    login(client, staff)
    rows, body = download(client, f"/contests/{contest.id}/scores.csv")
    assert body.startswith(b"\xef\xbb\xbf")
    assert rows[0] == [
        "Proposal ID",
        "Proposal",
        "Reviewer",
        "Criterion",
        "Weight (%)",
        "Score",
        "Comment",
        "Recused",
    ]
    scores = [row for row in rows[1:] if row[7] == ""]
    recusals = [row for row in rows[1:] if row[7] != ""]
    assert len(scores) == 2 * 3 + 2 * 3 + 3  # per proposal, reviewer and criterion
    assert [str(first.id), "First project", "Kim Reviewer", "Need", "40", "8"] in [
        row[:6] for row in scores
    ]
    assert recusals == [
        [
            str(first.id),
            "First project",
            "Park Reviewer",
            "",
            "",
            "",
            "Member of an organisation in the consortium",
            "Recused",
        ]
    ]
    assert any(row[6] == "'=cmd|' /C calc'!A0" for row in scores)
    assert not any(row[2] == "Park Reviewer" and row[0] == str(first.id) for row in scores)


def test_staff_recused_from_a_proposal_do_not_get_its_scores(client):
    contest, first, second = _reviewed_contest()
    staff = make_user(Role.STAFF)
    add_member(first.lead_organisation, staff)  # a stake in the first consortium
    login(client, staff)
    rows, _ = download(client, f"/contests/{contest.id}/scores.csv")
    proposals = {row[0] for row in rows[1:]}
    assert proposals == {str(second.id)}
    assert "First project" not in {row[1] for row in rows}


def test_a_declared_recusal_keeps_its_note(client, staff):
    contest = make_contest(ContestPhase.REVIEW)
    proposal = make_proposal(contest, status=ProposalStatus.SUBMITTED)
    reviewer = assign_reviewer(contest, make_user(display_name="Choi Reviewer"))
    record_recusal(reviewer, proposal, RecusalReason.DECLARED, "My sister runs it")
    login(client, staff)
    rows, _ = download(client, f"/contests/{contest.id}/scores.csv")
    assert rows[1][6] == "Declared by the reviewer: My sister runs it"
