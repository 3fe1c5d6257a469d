"""Who may do what in the review and the results: the role x route table, by phase.

Each expected status is what the rule gives; a case fails if the rule it stands for breaks.
404: the object does not exist for this person; 403: they see it but may not act;
LOGIN: signed-out people are sent to the login page (the review's pages are for signed-in
people only; the results are public once published, so they answer 404 before that).
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from app.accounts.models import Role
from app.contests.recusals import record_recusal
from app.contests.states import ContestPhase, RecusalReason
from tests.contests.factories import assign_reviewer, decide, make_contest, make_proposal, set_phase
from tests.factories import add_member, login, make_user, reload
from tests.roles import LOGIN, assert_status, expect

PEOPLE = [
    "anonymous",
    "resident",
    "org_member",
    "moderator",
    "consortium",  # the lead's representative
    "supporter",  # a member of a supporting organisation
    "reviewer",
    "recused_reviewer",  # a reviewer who belongs to a supporting organisation
    "declared_reviewer",  # a reviewer who declared a conflict
    "staff",
    "admin",
    "recused_staff",  # staff who belong to the lead organisation
]


@pytest.fixture
def client(english_client):
    return english_client


@pytest.fixture
def world():
    contest = make_contest(ContestPhase.REVIEW)
    proposal = make_proposal(contest, status="submitted")
    decide(proposal, True, 10_000_000)
    supporter = make_user(Role.ORG_MEMBER)
    add_member(proposal.partners[0].organisation, supporter)
    recused_reviewer = assign_reviewer(contest)
    add_member(proposal.partners[1].organisation, recused_reviewer)
    declared_reviewer = assign_reviewer(contest)
    record_recusal(declared_reviewer, proposal, RecusalReason.DECLARED, "A friend")
    recused_staff = make_user(Role.STAFF)
    add_member(proposal.lead_organisation, recused_staff)
    people = {
        "resident": make_user(Role.RESIDENT),
        "org_member": make_user(Role.ORG_MEMBER),
        "moderator": make_user(Role.MODERATOR),
        "consortium": proposal.lead_organisation.representative(),
        "supporter": supporter,
        "reviewer": assign_reviewer(contest),
        "recused_reviewer": recused_reviewer,
        "declared_reviewer": declared_reviewer,
        "staff": make_user(Role.STAFF),
        "admin": make_user(Role.ADMIN),
        "recused_staff": recused_staff,
    }
    return SimpleNamespace(contest=contest, proposal=proposal, people=people)


def _expect(default, **exceptions):
    return expect(PEOPLE, default, **exceptions)


STAFF = {"staff": 200, "admin": 200, "recused_staff": 200}
STAFF_ACT = {"staff": 302, "admin": 302, "recused_staff": 302}
# Those who may see the proposal (and so are refused, not told it does not exist).
SEE_PROPOSAL = dict.fromkeys(
    (
        "consortium",
        "supporter",
        "reviewer",
        "recused_reviewer",
        "declared_reviewer",
        "staff",
        "admin",
        "recused_staff",
    ),
    403,
)
SIGNED_OUT = {"anonymous": LOGIN}
REVIEWERS = {"reviewer": 200, "recused_reviewer": 200, "declared_reviewer": 200}

# (phase, method, path, expected)
ROUTES = {
    # --- review phase
    "review list": (
        "review",
        "GET",
        "/contests/{contest}/review",
        _expect(403, **SIGNED_OUT, **REVIEWERS),
    ),
    "score page": (
        "review",
        "GET",
        "/proposals/{proposal}/score",
        _expect(404, **SIGNED_OUT, **{**SEE_PROPOSAL, "reviewer": 200}),
    ),
    "save scores": (
        "review",
        "POST",
        "/proposals/{proposal}/score",
        _expect(404, **SIGNED_OUT, **{**SEE_PROPOSAL, "reviewer": 302}),
    ),
    "declare a conflict": (
        "review",
        "POST",
        "/proposals/{proposal}/recuse",
        _expect(404, **SIGNED_OUT, **{**SEE_PROPOSAL, "reviewer": 302}),
    ),
    "ranking": (
        "review",
        "GET",
        "/contests/{contest}/ranking",
        _expect(403, **SIGNED_OUT, **STAFF),
    ),
    "decision page": (
        "review",
        "GET",
        "/proposals/{proposal}/decision",
        _expect(404, **SIGNED_OUT, **{**SEE_PROPOSAL, "staff": 200, "admin": 200}),
    ),
    "decide": (
        "review",
        "POST",
        "/proposals/{proposal}/decision",
        _expect(404, **SIGNED_OUT, **{**SEE_PROPOSAL, "staff": 302, "admin": 302}),
    ),
    "publish": (
        "review",
        "POST",
        "/contests/{contest}/publish",
        _expect(403, **SIGNED_OUT, **STAFF_ACT),
    ),
    "results before the date": (
        "review",
        "GET",
        "/contests/{contest}/results",
        _expect(404, **STAFF),
    ),
    "funded areas before the date": (
        "review",
        "GET",
        "/api/contests/{contest}/funded-areas",
        _expect(404, **STAFF),
    ),
    # --- results phase: the proposal is a public, funded project now
    "review list after the results": (
        "results",
        "GET",
        "/contests/{contest}/review",
        _expect(403, **SIGNED_OUT, **REVIEWERS),
    ),
    "score page after the results": (
        "results",
        "GET",
        "/proposals/{proposal}/score",
        _expect(403, **SIGNED_OUT),
    ),
    "save scores after the results": (
        "results",
        "POST",
        "/proposals/{proposal}/score",
        _expect(403, **SIGNED_OUT),
    ),
    "ranking after the results": (
        "results",
        "GET",
        "/contests/{contest}/ranking",
        _expect(403, **SIGNED_OUT, **STAFF),
    ),
    "decide after the results (refused with a message)": (
        "results",
        "POST",
        "/proposals/{proposal}/decision",
        _expect(403, **SIGNED_OUT, staff=302, admin=302),
    ),
    "publish after the results (refused with a message)": (
        "results",
        "POST",
        "/contests/{contest}/publish",
        _expect(403, **SIGNED_OUT, **STAFF_ACT),
    ),
    "results": ("results", "GET", "/contests/{contest}/results", _expect(200)),
    "funded areas": ("results", "GET", "/api/contests/{contest}/funded-areas", _expect(200)),
    # --- open phase: nothing to review yet
    "review list while open": (
        "open",
        "GET",
        "/contests/{contest}/review",
        _expect(403, **SIGNED_OUT, **REVIEWERS),
    ),
    "score page while open": (
        "open",
        "GET",
        "/proposals/{proposal}/score",
        _expect(
            404,
            **SIGNED_OUT,
            **dict.fromkeys(
                ("consortium", "supporter", "recused_reviewer", "staff", "admin", "recused_staff"),
                403,
            ),
        ),
    ),
    "ranking while open": (
        "open",
        "GET",
        "/contests/{contest}/ranking",
        _expect(403, **SIGNED_OUT, staff=404, admin=404, recused_staff=404),
    ),
    "results while open": ("open", "GET", "/contests/{contest}/results", _expect(404)),
}

FORMS = {
    "/proposals/{proposal}/recuse": lambda w: {"note": "I know them"},
    "/proposals/{proposal}/decision": lambda w: {
        "selected": "yes",
        "amount_awarded": "9,000,000",
        "public_reason": "Good",
    },
    "/contests/{contest}/publish": lambda w: {"reason": "Committee met early"},
    "/proposals/{proposal}/score": lambda w: {
        **{f"score_{c.id}": "7" for c in w.contest.criteria},
    },
}


def _path(template: str, world) -> str:
    return template.format(contest=world.contest.id, proposal=world.proposal.id)


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("route", list(ROUTES))
def test_role_route_table(client, world, route, who):
    phase, method, template, expected = ROUTES[route]
    set_phase(world.contest, ContestPhase(phase))
    if who != "anonymous":
        login(client, world.people[who])
    data = FORMS[template](world) if method == "POST" else None
    response = client.open(_path(template, world), method=method, data=data)
    assert_status(response, expected[who])


def test_a_reviewer_of_another_contest_finds_nothing(client, world):
    other = make_contest(ContestPhase.REVIEW)
    stranger = assign_reviewer(other)
    login(client, stranger)
    assert client.get(f"/proposals/{world.proposal.id}/score").status_code == 404
    assert client.get(f"/contests/{world.contest.id}/review").status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "/contests/999999/review",
        "/contests/999999/ranking",
        "/contests/999999/results",
        "/api/contests/999999/funded-areas",
        "/proposals/999999/score",
        "/proposals/999999/decision",
    ],
)
def test_missing_objects_are_not_found(client, world, path):
    login(client, world.people["admin"])
    assert client.get(path).status_code == 404


def test_a_draft_contest_has_no_results_even_for_staff(client):
    contest = make_contest(ContestPhase.DRAFT)
    login(client, make_user(Role.STAFF))
    assert client.get(f"/contests/{contest.id}/results").status_code == 404


POST_ROUTES = [
    "/proposals/{proposal}/score",
    "/proposals/{proposal}/recuse",
    "/proposals/{proposal}/decision",
    "/contests/{contest}/publish",
]


@pytest.mark.parametrize("template", POST_ROUTES)
def test_every_change_needs_a_csrf_token(client, world, request, template):
    who = "staff" if "decision" in template or "publish" in template else "reviewer"
    login(client, world.people[who])
    request.getfixturevalue("csrf_on")
    response = client.post(_path(template, world), data=FORMS[template](world))
    assert response.status_code == 400
    assert reload(world.proposal).scores == [] and reload(world.contest).date_changes == []


def test_the_review_forms_carry_csrf_tokens(client, world, request):
    login(client, world.people["reviewer"])
    request.getfixturevalue("csrf_on")
    page = client.get(_path("/proposals/{proposal}/score", world)).get_data(as_text=True)
    assert page.count('name="csrf_token"') >= 3  # scores, recusal, language switch
