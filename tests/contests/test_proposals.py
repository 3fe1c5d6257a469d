"""Proposals and consortia: starting, editing (budget, target areas), inviting and answering,
the eligibility checklist, submission (the deadline held by the server), withdrawal and
reopening, notifications, and a person's consortia."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from app.accounts.models import Role
from app.areas.models import AreaLevel
from app.contests.models import Proposal, ProposalPartner, Recusal
from app.contests.proposals.eligibility import missing_for_submission
from app.contests.states import ContestPhase, PartnerStatus, ProposalStatus
from app.extensions import db
from app.notifications.models import Notification, NotificationKind
from app.organisations.models import OrganisationStatus
from tests.contests.factories import assign_reviewer, make_contest, make_proposal, set_phase
from tests.factories import (
    add_member,
    field_error,
    login,
    make_area,
    make_organisation,
    make_user,
    reload,
)


@pytest.fixture
def client(english_client):
    return english_client


def representative():
    return make_user(Role.ORG_MEMBER)


def lead_org(person=None):
    return make_organisation(representative=person or representative())


def page(response) -> str:
    return response.get_data(as_text=True)


def notifications(kind: NotificationKind) -> list[Notification]:
    db.session.expire_all()
    return list(db.session.scalars(select(Notification).where(Notification.kind == kind)))


def followed(client, response) -> str:
    """The page a redirect leads to, with its flashed message."""
    assert response.status_code == 302, page(response)[:300]
    return page(client.get(response.headers["Location"]))


VALID_EDIT = {
    "title": "Side dishes for neighbours",
    "summary": "Twice a week, side dishes for older people living alone.",
    "expected_beneficiaries": "120",
    "beneficiaries_description": "Older people living alone.",
    "timeline": "March to November.",
    "budget_lines-0-item": "Ingredients",
    "budget_lines-0-amount": "10,000,000",
    "budget_lines-1-item": "Delivery",
    "budget_lines-1-amount": "5000000",
}


# --- starting a proposal -----------------------------------------------------------------------


def test_a_representative_starts_a_draft_for_an_organisation_they_represent(client):
    person = representative()
    organisation = lead_org(person)
    contest = make_contest()
    login(client, person)
    form = page(client.get(f"/contests/{contest.id}/proposals/new?organisation={organisation.id}"))
    assert organisation.name_en in form
    response = client.post(
        f"/contests/{contest.id}/proposals/new",
        data={"organisation": organisation.id, "title": "Warm winter"},
    )
    proposal = db.session.scalar(select(Proposal).where(Proposal.contest_id == contest.id))
    assert response.headers["Location"].endswith(f"/proposals/{proposal.id}/edit")
    assert proposal.status == ProposalStatus.DRAFT
    assert proposal.lead_organisation_id == organisation.id
    assert proposal.created_by_id == person.id


def test_an_organisation_leads_one_proposal_per_contest(client):
    person = representative()
    organisation = lead_org(person)
    contest = make_contest()
    make_proposal(contest, organisation)
    login(client, person)
    html = page(client.get(f"/contests/{contest.id}/proposals/new"))
    assert "already leads a proposal" in html
    response = client.post(
        f"/contests/{contest.id}/proposals/new",
        data={"organisation": organisation.id, "title": "Second try"},
    )
    assert response.status_code == 200
    assert "Choose a verified organisation that you represent." in page(response)
    count = select(func.count(Proposal.id)).where(Proposal.contest_id == contest.id)
    assert db.session.scalar(count) == 1


@pytest.mark.parametrize(
    "organisation_of",
    [
        pytest.param(
            lambda p: make_organisation(representative=p, status=OrganisationStatus.PENDING),
            id="pending",
        ),
        pytest.param(lambda p: add_member(lead_org(), p).organisation, id="plain member"),
        pytest.param(lambda p: lead_org(), id="another's"),
    ],
)
def test_only_a_verified_organisation_one_represents_can_lead(client, organisation_of):
    person = representative()
    lead_org(person)  # so that the page is open to them
    organisation = organisation_of(person)
    contest = make_contest()
    login(client, person)
    response = client.post(
        f"/contests/{contest.id}/proposals/new",
        data={"organisation": organisation.id, "title": "Not mine"},
    )
    assert response.status_code == 200
    assert db.session.scalar(select(func.count(Proposal.id))) == 0


@pytest.mark.parametrize("phase", [ContestPhase.REVIEW, ContestPhase.RESULTS])
def test_no_proposal_is_started_once_the_contest_is_closed(client, phase):
    person = representative()
    organisation = lead_org(person)
    contest = make_contest(phase)
    login(client, person)
    response = client.post(
        f"/contests/{contest.id}/proposals/new",
        data={"organisation": organisation.id, "title": "Too late"},
    )
    assert "The deadline for proposals passed" in followed(client, response)
    assert db.session.scalar(select(func.count(Proposal.id))) == 0


def test_a_contest_in_preparation_is_not_found(client):
    person = representative()
    lead_org(person)
    contest = make_contest(ContestPhase.DRAFT)
    login(client, person)
    assert client.get(f"/contests/{contest.id}/proposals/new").status_code == 404


# --- editing: text, budget, target areas --------------------------------------------------------


@pytest.fixture
def draft():
    person = representative()
    contest = make_contest(max_per_proposal=30_000_000)
    proposal = make_proposal(contest, lead_org(person), budget=(("Old line", 1_000_000),))
    return SimpleNamespace(person=person, contest=contest, proposal=proposal)


def test_the_lead_saves_the_proposal(client, draft):
    gu = make_area(level=AreaLevel.GU)
    dong = make_area(parent=gu)
    login(client, draft.person)
    data = {**VALID_EDIT, "target_areas": [str(dong.id)]}
    response = client.post(f"/proposals/{draft.proposal.id}/edit", data=data)
    assert response.status_code == 302
    proposal = reload(draft.proposal)
    assert proposal.title == "Side dishes for neighbours"
    assert proposal.expected_beneficiaries == 120
    assert [(line.item, line.amount) for line in proposal.budget_lines] == [
        ("Ingredients", 10_000_000),
        ("Delivery", 5_000_000),
    ]
    assert [a.id for a in proposal.target_areas] == [dong.id]
    shown = page(client.get(f"/proposals/{proposal.id}"))
    assert "₩15,000,000" in shown


def test_the_form_shows_the_saved_budget_with_blank_rows(client, draft):
    login(client, draft.person)
    html = page(client.get(f"/proposals/{draft.proposal.id}/edit"))
    assert 'value="1,000,000"' in html
    assert 'name="budget_lines-9-amount"' in html
    assert 'name="budget_lines-10-amount"' not in html


BUDGET_CASES = [
    # (rows as (item, amount), field with the error, message)
    ([], "budget", "Enter at least one budget line with an amount."),
    ([("", "")], "budget", "Enter at least one budget line with an amount."),
    ([("Food", "")], "budget_lines-0-amount", "Enter the amount for this line."),
    ([("", "1000")], "budget_lines-0-item", "Say what this amount is for."),
    ([("Food", "0")], "budget_lines-0-amount", "The amount must be more than 0 won."),
    ([("Food", "-5000")], "budget_lines-0-amount", "The amount must be more than 0 won."),
    ([("Food", "12.5")], "budget_lines-0-amount", "Enter the amount in whole won"),
    ([("Food", "ten thousand")], "budget_lines-0-amount", "Enter the amount in whole won"),
    ([("Food", "1e6")], "budget_lines-0-amount", "Enter the amount in whole won"),
    (
        [("Food", "20,000,000"), ("Rent", "10,000,001")],
        "budget",
        "The budget adds up to ₩30,000,001, more than the maximum of ₩30,000,000 per proposal.",
    ),
]


def _budget_data(rows) -> dict:
    data = {k: v for k, v in VALID_EDIT.items() if not k.startswith("budget_lines")}
    for n, (item, amount) in enumerate(rows):
        data[f"budget_lines-{n}-item"] = item
        data[f"budget_lines-{n}-amount"] = amount
    return data


@pytest.mark.parametrize(("rows", "field", "message"), BUDGET_CASES)
def test_a_bad_budget_is_refused_at_its_field_and_nothing_is_saved(
    client, draft, rows, field, message
):
    login(client, draft.person)
    data = {**_budget_data(rows), "title": "Changed title"}
    response = client.post(f"/proposals/{draft.proposal.id}/edit", data=data)
    assert response.status_code == 200
    assert message in (field_error(page(response), field) or "")
    proposal = reload(draft.proposal)
    assert proposal.title != "Changed title"  # nothing half-saved
    assert [(line.item, line.amount) for line in proposal.budget_lines] == [("Old line", 1_000_000)]


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1,000,000", 1_000_000),
        ("1000000", 1_000_000),
        (" 2 500 000 ", 2_500_000),
        ("30,000,000", 30_000_000),
        ("700000원", 700_000),
    ],
)
def test_amounts_are_read_as_people_type_them(client, draft, typed, amount):
    login(client, draft.person)
    response = client.post(
        f"/proposals/{draft.proposal.id}/edit", data=_budget_data([("Food", typed)])
    )
    assert response.status_code == 302
    assert [line.amount for line in reload(draft.proposal).budget_lines] == [amount]


def test_blank_rows_between_lines_are_ignored(client, draft):
    login(client, draft.person)
    rows = [("Food", "1,000"), ("", ""), ("", ""), ("Rent", "2,000")]
    client.post(f"/proposals/{draft.proposal.id}/edit", data=_budget_data(rows))
    lines = reload(draft.proposal).budget_lines
    assert [(line.item, line.amount, line.position) for line in lines] == [
        ("Food", 1000, 0),
        ("Rent", 2000, 1),
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [("-1", "Enter a number from 0 to"), ("many", "Enter a whole number of people")],
)
def test_beneficiaries_must_be_a_whole_number_not_below_zero(client, draft, value, message):
    login(client, draft.person)
    data = {**VALID_EDIT, "expected_beneficiaries": value}
    response = client.post(f"/proposals/{draft.proposal.id}/edit", data=data)
    assert message in (field_error(page(response), "expected_beneficiaries") or "")
    assert reload(draft.proposal).expected_beneficiaries == 120


def test_target_areas_must_lie_in_the_contest_areas(client):
    gu = make_area(level=AreaLevel.GU)
    dong_in_gu = make_area(parent=gu)
    other_gu = make_area(level=AreaLevel.GU)
    dong_elsewhere = make_area(parent=other_gu)
    person = representative()
    contest = make_contest(target_areas=[gu])
    proposal = make_proposal(contest, lead_org(person))
    login(client, person)

    form = page(client.get(f"/proposals/{proposal.id}/edit"))
    assert f'id="area-{dong_in_gu.id}"' in form
    assert f'id="area-{dong_elsewhere.id}"' not in form

    for outside in (dong_elsewhere, other_gu):
        data = {**VALID_EDIT, "target_areas": [str(dong_in_gu.id), str(outside.id)]}
        response = client.post(f"/proposals/{proposal.id}/edit", data=data)
        assert response.status_code == 200
        assert "within the contest's target areas" in field_error(page(response), "target_areas")
        assert reload(proposal).target_areas == []

    data = {**VALID_EDIT, "target_areas": [str(gu.id), str(dong_in_gu.id)]}
    assert client.post(f"/proposals/{proposal.id}/edit", data=data).status_code == 302
    assert {a.id for a in reload(proposal).target_areas} == {gu.id, dong_in_gu.id}


def test_a_made_up_area_id_is_refused(client, draft):
    login(client, draft.person)
    for value in ("999999", "abc"):
        data = {**VALID_EDIT, "target_areas": [value]}
        response = client.post(f"/proposals/{draft.proposal.id}/edit", data=data)
        assert response.status_code == 200
        assert field_error(page(response), "target_areas")


# --- the consortium ----------------------------------------------------------------------------


@pytest.fixture
def consortium():
    """An open contest (two organisations needed) and a draft with no supporter yet."""
    lead_person = representative()
    lead_person.preferred_language = "en"
    contest = make_contest(min_organisations=2)
    proposal = make_proposal(contest, lead_org(lead_person), supporters=0)
    supporter_person = representative()
    supporter = make_organisation(representative=supporter_person)
    return SimpleNamespace(
        lead_person=lead_person,
        contest=contest,
        proposal=proposal,
        supporter=supporter,
        supporter_person=supporter_person,
    )


def invite(client, world, organisation=None, role="Delivers the meals"):
    organisation = organisation or world.supporter
    return client.post(
        f"/proposals/{world.proposal.id}/partners",
        data={"organisation": organisation.id, "role_description": role},
    )


def test_invitation_accept_and_notifications(client, consortium):
    login(client, consortium.lead_person)
    page_html = page(client.get(f"/proposals/{consortium.proposal.id}"))
    assert f'<option value="{consortium.supporter.id}">' in page_html
    assert invite(client, consortium).status_code == 302
    partner = reload(consortium.proposal).partners[0]
    assert partner.status == PartnerStatus.INVITED
    assert partner.role_description == "Delivers the meals"

    [note] = notifications(NotificationKind.CONSORTIUM_INVITATION)
    assert note.user_id == consortium.supporter_person.id
    assert note.link == f"/proposals/{consortium.proposal.id}"
    client.post("/logout")

    login(client, consortium.supporter_person)
    shown = page(client.get(f"/proposals/{consortium.proposal.id}"))
    assert "Delivers the meals" in shown
    assert 'value="accept"' in shown
    assert consortium.proposal.title in page(client.get("/my/consortia"))
    response = client.post(
        f"/proposals/{consortium.proposal.id}/partners/{partner.id}/respond",
        data={"answer": "accept"},
    )
    assert response.status_code == 302
    partner = reload(partner)
    assert partner.status == PartnerStatus.ACCEPTED
    assert partner.responded_by_id == consortium.supporter_person.id
    [note] = notifications(NotificationKind.INVITATION_ACCEPTED)
    assert note.user_id == consortium.lead_person.id
    assert consortium.supporter.name_en in note.subject  # in the lead's language


def test_declining_tells_the_lead_and_the_organisation_may_be_invited_again(client, consortium):
    login(client, consortium.lead_person)
    invite(client, consortium)
    partner = reload(consortium.proposal).partners[0]
    client.post("/logout")
    login(client, consortium.supporter_person)
    client.post(
        f"/proposals/{consortium.proposal.id}/partners/{partner.id}/respond",
        data={"answer": "decline"},
    )
    assert reload(partner).status == PartnerStatus.DECLINED
    [note] = notifications(NotificationKind.INVITATION_DECLINED)
    assert note.user_id == consortium.lead_person.id
    # Once declined, the supporter's people no longer see the proposal.
    assert client.get(f"/proposals/{consortium.proposal.id}").status_code == 404
    client.post("/logout")

    login(client, consortium.lead_person)
    assert invite(client, consortium, role="Lends a van").status_code == 302
    partner = reload(partner)
    assert (partner.status, partner.role_description) == (PartnerStatus.INVITED, "Lends a van")
    assert len(notifications(NotificationKind.CONSORTIUM_INVITATION)) == 2


def test_an_answered_invitation_cannot_be_answered_again(client, consortium):
    partner = ProposalPartner(
        organisation=consortium.supporter, role_description="x", status=PartnerStatus.DECLINED
    )
    consortium.proposal.partners.append(partner)
    db.session.flush()
    login(client, consortium.supporter_person)
    # A declined organisation no longer sees the proposal at all.
    path = f"/proposals/{consortium.proposal.id}/partners/{partner.id}/respond"
    assert client.post(path, data={"answer": "accept"}).status_code == 404
    partner.status = PartnerStatus.ACCEPTED
    db.session.flush()
    response = client.post(path, data={"answer": "decline"})
    assert "already been answered" in followed(client, response)
    assert reload(partner).status == PartnerStatus.ACCEPTED


def test_a_bad_answer_changes_nothing(client, consortium):
    partner = ProposalPartner(organisation=consortium.supporter, role_description="x")
    consortium.proposal.partners.append(partner)
    db.session.flush()
    login(client, consortium.supporter_person)
    path = f"/proposals/{consortium.proposal.id}/partners/{partner.id}/respond"
    response = client.post(path, data={"answer": "maybe"})
    assert "Choose to accept or to decline" in followed(client, response)
    assert reload(partner).status == PartnerStatus.INVITED


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("lead", "Choose one of the listed organisations."),
        ("pending", "Choose one of the listed organisations."),
        ("already", "Choose one of the listed organisations."),
    ],
)
def test_who_cannot_be_invited(client, consortium, who, message):
    already = make_organisation(representative=representative())
    consortium.proposal.partners.append(ProposalPartner(organisation=already, role_description="x"))
    db.session.flush()
    organisation = {
        "lead": consortium.proposal.lead_organisation,
        "pending": make_organisation(status=OrganisationStatus.PENDING),
        "already": already,
    }[who]
    login(client, consortium.lead_person)
    html = page(client.get(f"/proposals/{consortium.proposal.id}"))
    assert f'<option value="{organisation.id}">' not in html
    response = invite(client, consortium, organisation)
    assert message in (field_error(page(response), "organisation") or "")
    assert len(reload(consortium.proposal).partners) == 1


def test_the_role_is_required(client, consortium):
    login(client, consortium.lead_person)
    response = invite(client, consortium, role="  ")
    assert "Describe the role you propose." in field_error(page(response), "role_description")
    assert reload(consortium.proposal).partners == []
    assert notifications(NotificationKind.CONSORTIUM_INVITATION) == []


def test_organisations_are_found_by_name(client, consortium):
    wanted = make_organisation(name_ko="햇살나눔", name_en="Sunshine Sharing")
    login(client, consortium.lead_person)
    html = page(client.get(f"/proposals/{consortium.proposal.id}?q=sunshine"))
    options = re.findall(r'<option value="(\d+)"', html)
    assert options == [str(wanted.id)]


def test_the_lead_removes_a_supporter_while_a_draft(client, consortium):
    partner = ProposalPartner(
        organisation=consortium.supporter, role_description="x", status=PartnerStatus.ACCEPTED
    )
    consortium.proposal.partners.append(partner)
    db.session.flush()
    login(client, consortium.lead_person)
    client.post(f"/proposals/{consortium.proposal.id}/partners/{partner.id}/remove")
    assert reload(consortium.proposal).partners == []


def test_a_partner_of_another_proposal_is_not_found(client, consortium):
    other = make_proposal(consortium.contest, supporters=1)
    partner = other.partners[0]
    login(client, consortium.lead_person)
    path = f"/proposals/{consortium.proposal.id}/partners/{partner.id}/remove"
    assert client.post(path).status_code == 404
    assert reload(partner) is not None


# --- eligibility -------------------------------------------------------------------------------


def test_the_checklist_says_plainly_what_is_missing(app, client):
    person = representative()
    contest = make_contest(min_organisations=3, max_per_proposal=1_000_000)
    proposal = make_proposal(
        contest,
        lead_org(person),
        supporters=1,
        budget=(("Food", 2_000_000),),
        summary="",
        timeline="",
        expected_beneficiaries=None,
    )
    proposal.partners.append(
        ProposalPartner(organisation=make_organisation(), role_description="x")
    )
    db.session.flush()
    login(client, person)
    html = page(client.get(f"/proposals/{proposal.id}"))
    checklist = re.search(r'<ul id="missing"[^>]*>(.*?)</ul>', html, re.S).group(1)
    items = [re.sub(r"\s+", " ", i).strip() for i in re.findall(r"<li>(.*?)</li>", checklist, re.S)]
    assert items == [
        "The consortium needs at least 3 organisations, the lead included: "
        "1 more organisation must accept an invitation.",
        "1 invitation is still unanswered: wait for the answer or withdraw it.",
        "Write a summary of the project.",
        "Say how many people the project expects to reach.",
        "Describe who the beneficiaries are.",
        "Write the timeline of the project.",
        "Choose at least one target area.",
        "The budget adds up to ₩2,000,000, more than the maximum of ₩1,000,000 per proposal.",
    ]
    assert "Submit the proposal" not in html


def eligible(contest=None, person=None, **fields):
    """A draft that may be submitted as it is."""
    contest = contest or make_contest(min_organisations=2)
    area = make_area()
    return make_proposal(
        contest,
        lead_org(person),
        supporters=1,
        target_areas=[area],
        beneficiaries_description="Older people living alone",
        **fields,
    )


def test_an_eligible_draft_has_nothing_missing(app):
    with app.test_request_context():
        assert missing_for_submission(eligible()) == []


def test_the_checklist_counts_in_plural(app):
    contest = make_contest(min_organisations=4)
    proposal = eligible(contest)
    for _ in range(2):
        proposal.partners.append(
            ProposalPartner(organisation=make_organisation(), role_description="x")
        )
    db.session.flush()
    with app.test_request_context(headers={"Accept-Language": "en"}):
        missing = missing_for_submission(proposal)
    assert missing == [
        "The consortium needs at least 4 organisations, the lead included: "
        "2 more organisations must accept an invitation.",
        "2 invitations are still unanswered: wait for the answers or withdraw them.",
    ]


def test_a_lead_no_longer_verified_is_listed(app):
    proposal = eligible()
    proposal.lead_organisation.status = OrganisationStatus.REJECTED
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert missing_for_submission(proposal) == [
            "The lead organisation is not verified any more."
        ]


# --- submission, the deadline, withdrawal -------------------------------------------------------


def test_submission_records_conflicts_and_sends_receipts(client):
    person = representative()
    contest = make_contest(min_organisations=2)
    proposal = eligible(contest, person)
    supporter_people = proposal.partners[0].organisation.representative()
    declined = make_organisation(representative=representative())
    proposal.partners.append(
        ProposalPartner(organisation=declined, role_description="x", status=PartnerStatus.DECLINED)
    )
    conflicted = assign_reviewer(contest)
    add_member(proposal.partners[0].organisation, conflicted)
    neutral = assign_reviewer(contest)
    db.session.flush()

    login(client, person)
    assert "Submit the proposal" in page(client.get(f"/proposals/{proposal.id}"))
    response = client.post(f"/proposals/{proposal.id}/submit")
    assert "Your proposal was submitted" in followed(client, response)
    proposal = reload(proposal)
    assert proposal.status == ProposalStatus.SUBMITTED
    assert proposal.submitted_by_id == person.id and proposal.submitted_at is not None
    recused = db.session.scalars(
        select(Recusal.reviewer_id).where(Recusal.proposal_id == proposal.id)
    )
    assert list(recused) == [conflicted.id]
    assert neutral.id != conflicted.id
    receipts = notifications(NotificationKind.PROPOSAL_SUBMITTED)
    assert sorted(n.user_id for n in receipts) == sorted([person.id, supporter_people.id])
    assert all(n.link == f"/proposals/{proposal.id}" for n in receipts)


def test_the_deadline_is_held_whatever_the_page_showed(client):
    person = representative()
    proposal = eligible(person=person)
    login(client, person)
    assert "Submit the proposal" in page(client.get(f"/proposals/{proposal.id}"))
    set_phase(proposal.contest, ContestPhase.REVIEW)  # the deadline passes while the page is open
    response = client.post(f"/proposals/{proposal.id}/submit")
    assert "The deadline for proposals passed on" in followed(client, response)
    assert reload(proposal).status == ProposalStatus.DRAFT
    assert notifications(NotificationKind.PROPOSAL_SUBMITTED) == []


def test_an_ineligible_proposal_is_refused_by_the_server(client):
    person = representative()
    proposal = eligible(person=person, summary="")
    login(client, person)
    response = client.post(f"/proposals/{proposal.id}/submit")
    html = followed(client, response)
    assert "cannot be submitted yet" in html
    assert "Write a summary of the project." in html
    assert reload(proposal).status == ProposalStatus.DRAFT


def test_a_pending_invitation_holds_the_submission(client):
    person = representative()
    proposal = eligible(person=person)
    proposal.partners.append(
        ProposalPartner(organisation=make_organisation(), role_description="x")
    )
    db.session.flush()
    login(client, person)
    client.post(f"/proposals/{proposal.id}/submit")
    assert reload(proposal).status == ProposalStatus.DRAFT


def test_a_submitted_proposal_is_not_submitted_again(client):
    person = representative()
    proposal = eligible(person=person, status=ProposalStatus.SUBMITTED)
    login(client, person)
    response = client.post(f"/proposals/{proposal.id}/submit")
    assert "already been submitted" in followed(client, response)
    assert notifications(NotificationKind.PROPOSAL_SUBMITTED) == []


def test_withdraw_then_reopen_then_submit_again(client):
    person = representative()
    proposal = eligible(person=person, status=ProposalStatus.SUBMITTED)
    supporter_person = proposal.partners[0].organisation.representative()
    login(client, person)
    response = client.post(f"/proposals/{proposal.id}/withdraw")
    html = followed(client, response)
    assert "Reopen as a draft" in html
    assert reload(proposal).status == ProposalStatus.WITHDRAWN
    withdrawn = notifications(NotificationKind.PROPOSAL_WITHDRAWN)
    assert sorted(n.user_id for n in withdrawn) == sorted([person.id, supporter_person.id])

    # The withdrawn proposal is reopened, not replaced: one per lead and contest.
    response = client.post(
        f"/contests/{proposal.contest_id}/proposals/new",
        data={"organisation": proposal.lead_organisation_id, "title": proposal.title},
    )
    assert response.headers["Location"].endswith(f"/proposals/{proposal.id}/edit")
    proposal = reload(proposal)
    assert proposal.status == ProposalStatus.DRAFT
    assert proposal.withdrawn_at is None and proposal.submitted_at is None
    assert proposal.accepted_partners()  # the consortium stays
    client.post(f"/proposals/{proposal.id}/submit")
    assert reload(proposal).status == ProposalStatus.SUBMITTED


@pytest.mark.parametrize("phase", [ContestPhase.REVIEW, ContestPhase.RESULTS])
def test_no_withdrawal_after_the_deadline(client, phase):
    person = representative()
    proposal = eligible(person=person, status=ProposalStatus.SUBMITTED)
    set_phase(proposal.contest, phase)
    login(client, person)
    response = client.post(f"/proposals/{proposal.id}/withdraw")
    assert "The deadline for proposals passed" in followed(client, response)
    assert reload(proposal).status == ProposalStatus.SUBMITTED


def test_a_draft_cannot_be_withdrawn(client):
    person = representative()
    proposal = eligible(person=person)
    login(client, person)
    response = client.post(f"/proposals/{proposal.id}/withdraw")
    assert "Only a submitted proposal can be withdrawn." in followed(client, response)
    assert reload(proposal).status == ProposalStatus.DRAFT


# --- a person's consortia ----------------------------------------------------------------------


def test_my_consortia_lists_led_supported_and_invitations(client):
    person = representative()
    mine = lead_org(person)
    contest = make_contest()
    led = make_proposal(contest, mine, title="Led by us")
    supported = make_proposal(contest, supporters=[mine], title="We support it")
    invited = make_proposal(
        contest, supporters=[mine], supporter_status=PartnerStatus.INVITED, title="Asked to join"
    )
    make_proposal(
        contest, supporters=[mine], supporter_status=PartnerStatus.DECLINED, title="Said no"
    )
    make_proposal(contest, title="Not ours at all")
    login(client, person)
    html = page(client.get("/my/consortia"))
    invitations = re.search(r'id="invitations".*?</table>', html, re.S).group(0)
    assert "Asked to join" in invitations and "Led by us" not in invitations
    led_part = html.split('id="led-heading"')[1].split('id="supported-heading"')[0]
    assert "Led by us" in led_part and "We support it" not in led_part
    supported_part = html.split('id="supported-heading"')[1]
    assert "We support it" in supported_part and "Asked to join" in supported_part
    assert "Said no" not in html and "Not ours at all" not in html
    assert led.id and supported.id and invited.id


def test_a_plain_member_sees_the_consortia_but_answers_no_invitation(client):
    member = make_user()
    organisation = lead_org()
    add_member(organisation, member)
    make_proposal(
        make_contest(),
        supporters=[organisation],
        supporter_status=PartnerStatus.INVITED,
        title="Asked to join",
    )
    login(client, member)
    html = page(client.get("/my/consortia"))
    assert "No invitations are waiting for you." in html
    assert "Asked to join" in html


def test_the_contest_page_offers_to_start_and_lists_our_proposals(client):
    person = representative()
    free = lead_org(person)
    busy = lead_org(person)
    contest = make_contest()
    make_proposal(contest, busy, title="Already going")
    login(client, person)
    html = page(client.get(f"/contests/{contest.id}"))
    assert f"Start a proposal as lead for {free.name_en}" in html
    assert f"Start a proposal as lead for {busy.name_en}" not in html
    assert "Already going" in html


def test_the_contest_page_shows_nothing_of_proposals_to_others(client):
    contest = make_contest()
    make_proposal(contest, title="Someone else's")
    login(client, make_user())
    assert "Someone else's" not in page(client.get(f"/contests/{contest.id}"))


def test_the_budget_total_reads_hapgye_in_korean(app, draft):
    """A sum of amounts is 합계; 총점 is a review's total score."""
    korean = app.test_client()
    korean.environ_base["HTTP_ACCEPT_LANGUAGE"] = "ko"
    login(korean, draft.person)
    page = korean.get(f"/proposals/{draft.proposal.id}").get_data(as_text=True)
    assert '<th scope="row">합계</th><td id="budget-total">' in page
