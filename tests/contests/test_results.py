"""Results: the public page and its map data, organisation histories, the announcement to the
consortia (on publishing and by `flask contests announce-results`), and no leaks before the
results date."""

from __future__ import annotations

import html
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from app.accounts.models import Role
from app.contests.results.services import announce_results
from app.contests.states import ContestPhase, PartnerStatus
from app.extensions import db
from app.notifications.models import Notification, NotificationKind
from tests.contests.factories import (
    assign_reviewer,
    decide,
    make_contest,
    make_proposal,
    set_phase,
)
from tests.contests.test_review import give
from tests.factories import add_member, login, make_area, make_user, reload

SECRET_REASON = "Reason-kept-until-the-results"
NOT_SELECTED_TITLE = "Proposal-that-was-turned-down"
AMOUNT = 12_345_000
AMOUNT_TEXT = "12,345,000"


@pytest.fixture
def client(english_client):
    return english_client


@pytest.fixture
def contest_world():
    """A contest with two funded projects (one in two areas, one for the whole city), one not
    selected, one withdrawn and one draft; reviewers' scores; decisions recorded."""
    gangbuk = make_area(bounds=(127.01, 37.63, 127.02, 37.64), name_en="Gangbuk-dong")
    mapo = make_area(bounds=(126.90, 37.55, 126.91, 37.56), name_en="Mapo-dong")
    contest = make_contest(ContestPhase.REVIEW, title_en="Winter care contest")
    side_dishes = make_proposal(
        contest, status="submitted", title="Side dishes", target_areas=[gangbuk, mapo]
    )
    phone_line = make_proposal(contest, status="submitted", title="City phone line")
    turned_down = make_proposal(contest, status="submitted", title=NOT_SELECTED_TITLE)
    make_proposal(contest, status="withdrawn", title="Withdrawn idea")
    make_proposal(contest, title="Draft idea")
    decide(side_dishes, True, AMOUNT, reason=SECRET_REASON)
    decide(phone_line, True, 5_000_000, reason="Reaches everyone")
    decide(turned_down, False, reason="Overlaps a city service")
    reviewer = assign_reviewer(contest, make_user(display_name="Reviewer A"))
    other_reviewer = assign_reviewer(contest, make_user(display_name="Reviewer B"))
    give(side_dishes, reviewer, (8, 8, 8), comment="Own-comment-A")
    give(side_dishes, other_reviewer, (4, 4, 4), comment="Other-comment-B")
    return SimpleNamespace(
        contest=contest,
        side_dishes=side_dishes,
        phone_line=phone_line,
        turned_down=turned_down,
        gangbuk=gangbuk,
        mapo=mapo,
        reviewer=reviewer,
        other_reviewer=other_reviewer,
    )


# --- the results page ----------------------------------------------------------------------------


def test_the_results_page_lists_the_funded_projects(client, contest_world):
    w = contest_world
    set_phase(w.contest, ContestPhase.RESULTS)
    page = html.unescape(client.get(f"/contests/{w.contest.id}/results").get_data(as_text=True))
    assert "Results of Winter care contest" in page
    assert "Preview for staff" not in page
    table = page.split('id="funded-heading"', 1)[1]
    for text in (
        "Side dishes",
        w.side_dishes.lead_organisation.name_en,
        w.side_dishes.partners[0].organisation.name_en,
        "Gangbuk-dong",
        "Mapo-dong",
        f"₩{AMOUNT_TEXT}",
        SECRET_REASON,
        "City phone line",
        "The whole city",
        "₩5,000,000",
    ):
        assert text in table, text
    assert 'id="proposals-received">3<' in page  # submitted ones only
    assert 'id="projects-funded">2<' in page
    assert 'id="proposals-not-selected">1<' in page
    assert 'id="total-awarded">₩17,345,000' in page
    # Proposals that were not selected are counted, not named.
    assert NOT_SELECTED_TITLE not in page and "Overlaps a city service" not in page
    assert "1 proposal was not selected." in page
    assert "Withdrawn idea" not in page and "Draft idea" not in page
    # The map's pins come from JSON, never inlined in the page; Leaflet from our own files.
    assert f"/api/contests/{w.contest.id}/funded-areas" in page
    assert "/static/js/results_map.js" in page
    assert "cdn" not in page.lower()


def test_the_results_page_is_not_found_before_the_results_except_for_staff(client, contest_world):
    w = contest_world
    url = f"/contests/{w.contest.id}/results"
    assert client.get(url).status_code == 404
    login(client, w.side_dishes.lead_organisation.representative())
    assert client.get(url).status_code == 404
    client.post("/logout")
    login(client, make_user(Role.STAFF))
    page = html.unescape(client.get(url).get_data(as_text=True))
    assert "Preview for staff." in page
    assert "These results are not public until" in page
    assert "Side dishes" in page


def test_funded_areas_are_geojson_by_target_area(client, contest_world):
    w = contest_world
    url = f"/api/contests/{w.contest.id}/funded-areas"
    assert client.get(url).status_code == 404
    set_phase(w.contest, ContestPhase.RESULTS)
    response = client.get(url)
    assert response.mimetype == "application/geo+json"
    collection = response.get_json()
    assert collection["type"] == "FeatureCollection"
    by_name = {f["properties"]["name"]: f for f in collection["features"]}
    assert set(by_name) == {"Gangbuk-dong", "Mapo-dong"}
    gangbuk = by_name["Gangbuk-dong"]
    assert gangbuk["geometry"]["type"] == "MultiPolygon"
    ring = gangbuk["geometry"]["coordinates"][0][0]
    assert {tuple(point) for point in ring} == {
        (127.01, 37.63),
        (127.02, 37.63),
        (127.02, 37.64),
        (127.01, 37.64),
    }
    assert gangbuk["properties"]["count"] == 1
    (project,) = gangbuk["properties"]["projects"]
    assert project["title"] == "Side dishes"
    assert project["amount"] == AMOUNT
    assert project["url"] == f"/proposals/{w.side_dishes.id}"
    assert [p["title"] for p in collection["wholeCity"]] == ["City phone line"]
    assert NOT_SELECTED_TITLE not in response.get_data(as_text=True)


def test_a_contest_with_nothing_funded_says_so(client):
    contest = make_contest(ContestPhase.RESULTS)
    decide(make_proposal(contest, status="submitted"), False)
    page = client.get(f"/contests/{contest.id}/results").get_data(as_text=True)
    assert "No project was funded in this contest." in page
    assert "results_map.js" not in page
    assert client.get(f"/api/contests/{contest.id}/funded-areas").get_json()["features"] == []


# --- organisation history ----------------------------------------------------------------------


def history_of(client, organisation) -> str:
    page = client.get(f"/organisations/{organisation.id}").get_data(as_text=True)
    return html.unescape(page)


def test_the_organisation_page_shows_its_consortia_once_the_results_are_public(
    client, contest_world
):
    w = contest_world
    lead = w.side_dishes.lead_organisation
    supporter = w.side_dishes.partners[1].organisation
    turned_down_lead = w.turned_down.lead_organisation
    assert "Consortium projects" not in history_of(client, lead)
    assert "Side dishes" not in history_of(client, supporter)

    set_phase(w.contest, ContestPhase.RESULTS)
    page = history_of(client, lead)
    section = page.split('id="consortia-heading"', 1)[1].split("</table>", 1)[0]
    assert "Winter care contest" in section and "Side dishes" in section
    assert "Lead organisation" in section and f"Funded: ₩{AMOUNT_TEXT}" in section
    section = history_of(client, supporter).split('id="consortia-heading"', 1)[1]
    assert "Supporting organisation" in section and "Side dishes" in section

    # Not selected: the public learns the outcome, not the title; the organisation's members do.
    section = history_of(client, turned_down_lead).split('id="consortia-heading"', 1)[1]
    assert "Not selected" in section and "Title not published" in section
    assert NOT_SELECTED_TITLE not in section
    login(client, turned_down_lead.representative())
    assert NOT_SELECTED_TITLE in history_of(client, turned_down_lead)


def test_members_see_their_organisations_running_proposals_by_status_only(client, contest_world):
    w = contest_world
    lead = w.side_dishes.lead_organisation
    member = make_user(Role.ORG_MEMBER)
    add_member(lead, member)
    login(client, member)
    page = history_of(client, lead)
    section = page.split('id="current-proposals-heading"', 1)[1].split("</ul>", 1)[0]
    assert "Side dishes" in section and "Submitted" in section
    assert "Selected" not in section and AMOUNT_TEXT not in page and SECRET_REASON not in page
    client.post("/logout")
    assert "current-proposals-heading" not in history_of(client, lead)


# --- no leaks before the results date ------------------------------------------------------------


def _viewers(w) -> dict:
    lead_rep = w.side_dishes.lead_organisation.representative()
    supporter_member = make_user(Role.ORG_MEMBER)
    add_member(w.side_dishes.partners[0].organisation, supporter_member)
    recused_reviewer = assign_reviewer(w.contest, make_user(display_name="Reviewer C"))
    give(w.side_dishes, recused_reviewer, (9, 9, 9), comment="Comment-C-before-joining")
    add_member(w.side_dishes.partners[1].organisation, recused_reviewer)
    return {
        "anonymous": None,
        "resident": make_user(Role.RESIDENT),
        "org_member": make_user(Role.ORG_MEMBER),
        "lead representative": lead_rep,
        "supporter member": supporter_member,
        "reviewer": w.reviewer,
        "recused reviewer": recused_reviewer,
        "moderator": make_user(Role.MODERATOR),
    }


def _secrets_for(who: str) -> list[str]:
    secrets = [SECRET_REASON, AMOUNT_TEXT, "Other-comment-B", "Overlaps a city service"]
    secrets += ["Comment-C-before-joining", "Reviewer B", "Selected", "Weighted total"]
    if who != "reviewer":
        secrets.append("Own-comment-A")
    return secrets


VIEWERS = [
    "anonymous",
    "resident",
    "org_member",
    "lead representative",
    "supporter member",
    "reviewer",
    "recused reviewer",
    "moderator",
]


@pytest.mark.parametrize("who", VIEWERS)
def test_nothing_about_decisions_or_scores_leaks_before_the_results(client, contest_world, who):
    w = contest_world
    viewer = _viewers(w)[who]
    if viewer is not None:
        login(client, viewer)
    paths = [
        f"/contests/{w.contest.id}",
        f"/contests/{w.contest.id}/results",
        f"/api/contests/{w.contest.id}/funded-areas",
        f"/contests/{w.contest.id}/ranking",
        f"/contests/{w.contest.id}/review",
        f"/proposals/{w.side_dishes.id}",
        f"/proposals/{w.side_dishes.id}/score",
        f"/proposals/{w.side_dishes.id}/decision",
        f"/organisations/{w.side_dishes.lead_organisation.id}",
        f"/organisations/{w.side_dishes.partners[0].organisation.id}",
        f"/organisations/{w.side_dishes.partners[1].organisation.id}",
        f"/organisations/{w.turned_down.lead_organisation.id}",
        "/my/consortia",
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code in (200, 302, 403, 404), path
        if path.endswith(("/results", "/funded-areas", "/ranking", "/decision")):
            assert response.status_code in (302, 403, 404), path
        body = html.unescape(response.get_data(as_text=True))
        for secret in _secrets_for(who):
            assert secret not in body, (path, secret)


def test_the_reviewer_sees_their_own_scores_only(client, contest_world):
    w = contest_world
    login(client, w.reviewer)
    page = html.unescape(client.get(f"/proposals/{w.side_dishes.id}").get_data(as_text=True))
    assert "Own-comment-A" in page and "Your weighted total: 80.0 of 100." in page
    assert "Other-comment-B" not in page and "Reviewer B" not in page


def test_a_reviewer_in_a_consortium_organisation_neither_sees_nor_posts_its_scores(
    client, contest_world
):
    w = contest_world
    recused = _viewers(w)["recused reviewer"]
    login(client, recused)
    page = html.unescape(client.get(f"/proposals/{w.side_dishes.id}").get_data(as_text=True))
    assert "You stand aside: member of" in page
    assert "Comment-C-before-joining" not in page and "Own-comment-A" not in page
    assert client.get(f"/proposals/{w.side_dishes.id}/score").status_code == 403
    data = {f"score_{c.id}": "10" for c in w.contest.criteria}
    assert client.post(f"/proposals/{w.side_dishes.id}/score", data=data).status_code == 403
    assert (
        client.post(f"/proposals/{w.side_dishes.id}/recuse", data={"note": "x"}).status_code == 403
    )
    scores = {s.score for s in reload(w.side_dishes).scores if s.reviewer_id == recused.id}
    assert scores == {9}  # unchanged, and left out of the totals


# --- announcing the results ----------------------------------------------------------------------


def notifications() -> list[Notification]:
    return db.session.scalars(select(Notification).order_by(Notification.id)).all()


def test_the_consortia_are_told_their_outcome(app, contest_world):
    w = contest_world
    english_lead = w.side_dishes.lead_organisation.representative()
    english_lead.preferred_language = "en"
    w.turned_down.lead_organisation.representative().preferred_language = "en"
    w.side_dishes.partners[1].status = PartnerStatus.DECLINED
    invited = w.phone_line.partners[0]
    invited.status = PartnerStatus.INVITED
    set_phase(w.contest, ContestPhase.RESULTS)
    with app.test_request_context("/"):
        notified = announce_results(w.contest)
    # side dishes: lead + one accepted; phone line: lead + one accepted; turned down: 3.
    assert notified == 7
    by_person = {n.user_id: n for n in notifications()}
    assert len(by_person) == 7
    assert w.side_dishes.partners[1].organisation.representative().id not in by_person
    assert invited.organisation.representative().id not in by_person
    selected = by_person[english_lead.id]
    assert selected.kind == NotificationKind.RESULTS_PUBLISHED
    assert selected.subject == "Results of Winter care contest"
    assert "“Side dishes”" in selected.body or '"Side dishes"' in selected.body
    assert f"was selected in Winter care contest and is awarded ₩{AMOUNT_TEXT}" in selected.body
    assert selected.link == f"/contests/{w.contest.id}/results"
    refused = by_person[w.turned_down.lead_organisation.representative().id]
    assert "was not selected" in refused.body and "Overlaps a city service" in refused.body
    assert reload(w.contest).results_announced_at is not None
    with app.test_request_context("/"):
        assert announce_results(w.contest) == 0
    assert len(notifications()) == 7


def test_announce_results_command_is_idempotent(app, contest_world):
    w = contest_world
    set_phase(w.contest, ContestPhase.RESULTS)
    still_in_review = make_contest(ContestPhase.REVIEW)
    decide(make_proposal(still_in_review, status="submitted"), True, 1_000_000)
    runner = app.test_cli_runner()

    first = runner.invoke(args=["contests", "announce-results"])
    assert first.exit_code == 0, first.output
    assert f"Contest {w.contest.id} (" in first.output
    assert "results announced, 9 people notified." in first.output
    assert len(notifications()) == 9
    assert reload(w.contest).results_announced_at is not None
    assert reload(still_in_review).results_announced_at is None

    second = runner.invoke(args=["contests", "announce-results"])
    assert second.exit_code == 0
    assert second.output.strip() == "No contest results to announce."
    assert db.session.scalar(select(func.count(Notification.id))) == 9


# --- the panels on the contest's and the proposal's pages --------------------------------------


def test_the_contest_page_leads_each_person_to_their_part(client, contest_world):
    w = contest_world
    url = f"/contests/{w.contest.id}"
    assert "review-results-heading" not in client.get(url).get_data(as_text=True)
    login(client, w.reviewer)
    page = client.get(url).get_data(as_text=True)
    assert f'href="/contests/{w.contest.id}/review"' in page
    assert f"/contests/{w.contest.id}/ranking" not in page
    client.post("/logout")
    login(client, make_user(Role.STAFF))
    page = client.get(url).get_data(as_text=True)
    assert f'href="/contests/{w.contest.id}/ranking"' in page
    assert "Preview the results page" in page
    client.post("/logout")
    set_phase(w.contest, ContestPhase.RESULTS)
    page = client.get(url).get_data(as_text=True)
    assert f'href="/contests/{w.contest.id}/results"' in page


def test_after_the_results_the_proposal_page_shows_the_decision(client, contest_world):
    w = contest_world
    set_phase(w.contest, ContestPhase.RESULTS)
    page = html.unescape(client.get(f"/proposals/{w.side_dishes.id}").get_data(as_text=True))
    result = page.split('id="decision-heading"', 1)[1]
    assert "Selected" in result and f"₩{AMOUNT_TEXT}" in result and SECRET_REASON in result
    assert "Other-comment-B" not in page and "Own-comment-A" not in page
    # A proposal that was not selected stays with its consortium, which sees the outcome.
    assert client.get(f"/proposals/{w.turned_down.id}").status_code == 404
    login(client, w.turned_down.lead_organisation.representative())
    page = html.unescape(client.get(f"/proposals/{w.turned_down.id}").get_data(as_text=True))
    result = page.split('id="decision-heading"', 1)[1]
    assert "Not selected" in result and "Overlaps a city service" in result


def test_a_staff_preview_leaves_out_what_the_staff_member_stands_aside_from(client, contest_world):
    w = contest_world
    staff = make_user(Role.STAFF)
    add_member(w.side_dishes.lead_organisation, staff)
    login(client, staff)
    page = html.unescape(client.get(f"/contests/{w.contest.id}/results").get_data(as_text=True))
    assert "1 proposal is left out: you stand aside from it." in page
    assert "Side dishes" not in page and AMOUNT_TEXT not in page
    collection = client.get(f"/api/contests/{w.contest.id}/funded-areas").get_json()
    assert collection["features"] == []
    assert [p["title"] for p in collection["wholeCity"]] == ["City phone line"]
