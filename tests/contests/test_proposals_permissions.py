"""Who may do what with proposals: every route against every kind of person, and every
action against the proposal's status and the contest's phase. Each case checks the effect
too (the row changed, or it did not), so that a rule that broke would fail here."""

from __future__ import annotations

import io
import re
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from app.accounts.models import Role
from app.contests.models import Proposal, ProposalAttachment, ProposalPartner
from app.contests.states import ContestPhase, PartnerStatus, ProposalStatus
from app.extensions import db
from tests.contests.factories import make_contest, make_proposal, set_phase
from tests.contests.test_attachments import pdf_bytes
from tests.factories import add_member, login, make_area, make_organisation, make_user, reload
from tests.roles import LOGIN, assert_status, expect


@pytest.fixture
def client(english_client):
    return english_client


@pytest.fixture(autouse=True)
def uploads(app, tmp_path):
    saved = app.config["UPLOAD_FOLDER"]
    app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    yield
    app.config["UPLOAD_FOLDER"] = saved


PEOPLE = [
    "anonymous",
    "resident",
    "lead_representative",
    "lead_member",
    "supporter_representative",
    "unrelated_representative",
    "staff",
    "admin",
]


def _store_attachment(proposal: Proposal) -> ProposalAttachment:
    from app.contests.proposals.attachments import attachments_folder

    folder = attachments_folder()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"test-{proposal.id}.pdf"
    (folder / name).write_bytes(pdf_bytes())
    attachment = ProposalAttachment(original_name="plan.pdf", stored_name=name, size_bytes=1)
    proposal.attachments.append(attachment)
    db.session.flush()
    return attachment


@pytest.fixture
def world():
    """An open contest (two organisations needed). The lead's representative and a plain
    member belong to three lead organisations: one with a draft (an accepted supporter, an
    invited one whose representative is `supporter_representative`, an attachment), one with
    an eligible draft, one with a submitted proposal."""
    people = {
        "resident": make_user(Role.RESIDENT),
        "lead_representative": make_user(Role.ORG_MEMBER),
        "lead_member": make_user(Role.ORG_MEMBER),
        "supporter_representative": make_user(Role.ORG_MEMBER),
        "unrelated_representative": make_user(Role.ORG_MEMBER),
        "staff": make_user(Role.STAFF),
        "admin": make_user(Role.ADMIN),
    }
    make_organisation(representative=people["unrelated_representative"])
    contest = make_contest(min_organisations=2)

    def lead():
        organisation = make_organisation(representative=people["lead_representative"])
        add_member(organisation, people["lead_member"])
        return organisation

    draft = make_proposal(contest, lead(), supporters=1)
    invited = make_organisation(representative=people["supporter_representative"])
    invitation = ProposalPartner(organisation=invited, role_description="Lends a van")
    draft.partners.append(invitation)
    area = make_area()
    ready = make_proposal(
        contest, lead(), supporters=1, target_areas=[area], beneficiaries_description="Elders"
    )
    submitted = make_proposal(
        contest,
        lead(),
        supporters=1,
        status=ProposalStatus.SUBMITTED,
        target_areas=[area],
        beneficiaries_description="Elders",
    )
    db.session.flush()
    return SimpleNamespace(
        people=people,
        contest=contest,
        draft=draft,
        ready=ready,
        submitted=submitted,
        accepted=draft.partners[0],
        invitation=invitation,
        attachment=_store_attachment(draft),
        newcomer=make_organisation(),
        free_lead=make_organisation(representative=people["lead_representative"]),
    )


def _expect(default, **exceptions):
    return expect(PEOPLE, default, **exceptions)


# Signed-in people who see the draft: everyone else gets 404 before any rule is asked.
SEES_DRAFT = {"lead_representative", "lead_member", "supporter_representative", "staff", "admin"}
REPRESENTATIVES = {"lead_representative", "supporter_representative", "unrelated_representative"}


def _lead_only():
    """A lead representative's action on the draft: 302 for them, 403 for others who see it,
    404 for those who do not, the login page for the anonymous."""
    return {
        who: LOGIN
        if who == "anonymous"
        else 302
        if who == "lead_representative"
        else 403
        if who in SEES_DRAFT
        else 404
        for who in PEOPLE
    }


def _partner_count(w, organisation) -> int:
    return sum(1 for p in reload(w.draft).partners if p.organisation_id == organisation.id)


def _attachments(w) -> int:
    return len(reload(w.draft).attachments)


def _pdf():
    return {"file": (io.BytesIO(pdf_bytes()), "new.pdf")}


# name: (method, path, data, expected per person, did it happen? or None for a page)
ROUTES = {
    "new proposal page": (
        "GET",
        "/contests/{contest}/proposals/new",
        None,
        _expect(403, anonymous=LOGIN, **dict.fromkeys(REPRESENTATIVES, 200)),
        None,
    ),
    "start a proposal": (
        "POST",
        "/contests/{contest}/proposals/new",
        lambda w: {"organisation": w.free_lead.id, "title": "New"},
        # Other representatives may start one, but not for an organisation not theirs.
        _expect(
            403,
            anonymous=LOGIN,
            lead_representative=302,
            supporter_representative=200,
            unrelated_representative=200,
        ),
        lambda w: (
            db.session.scalar(
                select(Proposal).where(Proposal.lead_organisation_id == w.free_lead.id)
            )
            is not None
        ),
    ),
    "proposal page": (
        "GET",
        "/proposals/{draft}",
        None,
        _expect(404, **dict.fromkeys(SEES_DRAFT, 200)),
        None,
    ),
    "edit page": (
        "GET",
        "/proposals/{draft}/edit",
        None,
        {**_lead_only(), "lead_representative": 200},
        None,
    ),
    "save edits": (
        "POST",
        "/proposals/{draft}/edit",
        lambda w: {
            "title": "Edited",
            "budget_lines-0-item": "Food",
            "budget_lines-0-amount": "1000",
        },
        _lead_only(),
        lambda w: reload(w.draft).title == "Edited",
    ),
    "invite": (
        "POST",
        "/proposals/{draft}/partners",
        lambda w: {"organisation": w.newcomer.id, "role_description": "Cooks"},
        _lead_only(),
        lambda w: _partner_count(w, w.newcomer) == 1,
    ),
    "remove a supporter": (
        "POST",
        "/proposals/{draft}/partners/{accepted}/remove",
        None,
        _lead_only(),
        lambda w: _partner_count(w, w.accepted.organisation) == 0,
    ),
    "answer an invitation": (
        "POST",
        "/proposals/{draft}/partners/{invitation}/respond",
        lambda w: {"answer": "accept"},
        {**_lead_only(), "lead_representative": 403, "supporter_representative": 302},
        lambda w: reload(w.invitation).status == PartnerStatus.ACCEPTED,
    ),
    "submit": (
        "POST",
        "/proposals/{ready}/submit",
        None,
        # The supporter's representative is not in that consortium: it does not exist for them.
        {**_lead_only(), "supporter_representative": 404},
        lambda w: reload(w.ready).status == ProposalStatus.SUBMITTED,
    ),
    "withdraw": (
        "POST",
        "/proposals/{submitted}/withdraw",
        None,
        {**_lead_only(), "supporter_representative": 404},
        lambda w: reload(w.submitted).status == ProposalStatus.WITHDRAWN,
    ),
    "upload": (
        "POST",
        "/proposals/{draft}/attachments",
        lambda w: _pdf(),
        _lead_only(),
        lambda w: _attachments(w) == 2,
    ),
    "download": (
        "GET",
        "/proposals/{draft}/attachments/{attachment}",
        None,
        {**_lead_only(), **dict.fromkeys(SEES_DRAFT, 200)},
        None,
    ),
    "delete an attachment": (
        "POST",
        "/proposals/{draft}/attachments/{attachment}/delete",
        None,
        _lead_only(),
        lambda w: _attachments(w) == 0,
    ),
    "my consortia": ("GET", "/my/consortia", None, _expect(200, anonymous=LOGIN), None),
}


def _path(template: str, w) -> str:
    return template.format(
        contest=w.contest.id,
        draft=w.draft.id,
        ready=w.ready.id,
        submitted=w.submitted.id,
        accepted=w.accepted.id,
        invitation=w.invitation.id,
        attachment=w.attachment.id,
    )


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("route", list(ROUTES))
def test_role_route_table(client, world, route, who):
    method, template, data, expected, happened = ROUTES[route]
    if who != "anonymous":
        login(client, world.people[who])
    response = client.open(
        _path(template, world), method=method, data=data(world) if data else None
    )
    assert_status(response, expected[who])
    if happened is not None:
        assert happened(world) == (expected[who] == 302)


POST_ROUTES = [name for name, route in ROUTES.items() if route[0] == "POST"]


@pytest.mark.parametrize("route", POST_ROUTES)
def test_every_change_needs_a_csrf_token(client, world, request, route):
    method, template, data, expected, happened = ROUTES[route]
    who = "supporter_representative" if route == "answer an invitation" else "lead_representative"
    login(client, world.people[who])
    request.getfixturevalue("csrf_on")
    response = client.post(_path(template, world), data=data(world) if data else None)
    assert response.status_code == 400
    assert not happened(world)


def test_the_proposal_page_forms_carry_csrf_tokens(client, world, request):
    login(client, world.people["lead_representative"])
    request.getfixturevalue("csrf_on")
    html = client.get(f"/proposals/{world.draft.id}").get_data(as_text=True)
    forms = re.findall(r"<form[^>]*method=\"post\".*?</form>", html, re.S)
    assert len(forms) >= 5  # remove x2, invite, delete, upload (and the language switch)
    assert all('name="csrf_token"' in form for form in forms)


# --- the state: proposal status and contest phase ----------------------------------------------

# Actions of the lead representative on the draft, each with whether it happened.
LEAD_ACTIONS = {
    name: ROUTES[name]
    for name in (
        "save edits",
        "invite",
        "remove a supporter",
        "upload",
        "delete an attachment",
    )
}


@pytest.mark.parametrize("phase", [ContestPhase.REVIEW, ContestPhase.RESULTS])
@pytest.mark.parametrize("action", [*LEAD_ACTIONS, "answer an invitation", "submit"])
def test_nothing_changes_once_the_deadline_has_passed(client, world, action, phase):
    method, template, data, _, happened = ROUTES[action]
    set_phase(world.contest, phase)
    who = "supporter_representative" if action == "answer an invitation" else "lead_representative"
    login(client, world.people[who])
    response = client.post(_path(template, world), data=data(world) if data else None)
    assert response.status_code == 302
    assert "passed on" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert not happened(world)


@pytest.mark.parametrize("status", [ProposalStatus.SUBMITTED, ProposalStatus.WITHDRAWN])
@pytest.mark.parametrize("action", [*LEAD_ACTIONS, "answer an invitation"])
def test_only_a_draft_changes(client, world, action, status):
    method, template, data, _, happened = ROUTES[action]
    world.draft.status = status
    db.session.flush()
    who = "supporter_representative" if action == "answer an invitation" else "lead_representative"
    login(client, world.people[who])
    response = client.post(_path(template, world), data=data(world) if data else None)
    assert response.status_code == 302
    assert "Only a draft proposal can be changed." in client.get(
        response.headers["Location"]
    ).get_data(as_text=True)
    assert not happened(world)


def test_the_edit_page_sends_back_once_submitted(client, world):
    login(client, world.people["lead_representative"])
    response = client.get(f"/proposals/{world.submitted.id}/edit")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/proposals/{world.submitted.id}")


@pytest.mark.parametrize(
    ("phase", "expected"),
    [
        (ContestPhase.DRAFT, 404),
        (ContestPhase.OPEN, 200),
        (ContestPhase.REVIEW, 302),
        (ContestPhase.RESULTS, 302),
    ],
)
def test_proposals_are_started_only_while_the_contest_is_open(client, world, phase, expected):
    set_phase(world.contest, phase)
    login(client, world.people["lead_representative"])
    response = client.get(f"/contests/{world.contest.id}/proposals/new")
    assert response.status_code == expected


def test_a_withdrawn_proposal_is_reopened_only_while_open(client, world):
    world.submitted.status = ProposalStatus.WITHDRAWN
    set_phase(world.contest, ContestPhase.REVIEW)
    login(client, world.people["lead_representative"])
    data = {"organisation": world.submitted.lead_organisation_id, "title": "Again"}
    client.post(f"/contests/{world.contest.id}/proposals/new", data=data)
    assert reload(world.submitted).status == ProposalStatus.WITHDRAWN


def test_the_public_sees_a_selected_project_once_results_are_out(client, world):
    """Not the draft, nor anything before results; a funded project is public from the results
    date, but its attachments never are."""
    from tests.contests.factories import decide

    decide(world.submitted, selected=True, amount=1_000_000)
    path = f"/proposals/{world.submitted.id}"
    set_phase(world.contest, ContestPhase.REVIEW)
    assert client.get(path).status_code == 404
    set_phase(world.contest, ContestPhase.RESULTS)
    assert client.get(path).status_code == 200
    attachment = _store_attachment(world.submitted)
    login(client, world.people["resident"])
    response = client.get(f"/proposals/{world.submitted.id}/attachments/{attachment.id}")
    assert response.status_code == 403
