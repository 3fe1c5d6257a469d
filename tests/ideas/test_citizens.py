"""Citizens' ideas: submitting, supporting, the idea page, the list's order, filters and pages,
one's own ideas, similar titles while typing, and what the public never sees."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import event, func, select

from app.accounts.models import Role
from app.areas.models import AreaLevel
from app.clock import seoul_day, seoul_today, utcnow
from app.extensions import db
from app.ideas.citizens import queries, services, similar_titles
from app.ideas.deadlines import due_date_for
from app.ideas.models import (
    Idea,
    IdeaEvent,
    IdeaEventKind,
    IdeaOutcome,
    IdeaStatus,
)
from tests.factories import field_error, login, make_area, make_category, make_user, reload
from tests.ideas.factories import add_note, comment_on, make_department, make_idea, support


@pytest.fixture
def client(english_client):
    return english_client


@pytest.fixture
def config(app):
    """Change settings for one test; they are restored afterwards."""
    saved = dict(app.config)
    yield app.config
    app.config.clear()
    app.config.update(saved)


def idea_count() -> int:
    return db.session.scalar(select(func.count(Idea.id)))


def listed_ids(html: str) -> list[int]:
    """The ideas' ids in the order the list's cards show them."""
    return [int(i) for i in re.findall(r'<li class="card">\s*<h\d><a href="/ideas/(\d+)"', html)]


def days_ago(days: int, hours: int = 0):
    return utcnow() - timedelta(days=days, hours=hours)


# --- submitting ---------------------------------------------------------------------------------


@pytest.fixture
def category():
    return make_category(name_en="Care for older people")


def valid(chosen_category, **changes) -> dict:
    data = {
        "title": "Longer opening hours for winter shelters",
        "body": "Shelters close at 6 pm.\r\nMany people work until 7.",
        "category": str(chosen_category.id),
        "area": "",
    }
    data.update(changes)
    return data


def test_submitting_an_idea(client, resident, category):
    gu = make_area(level=AreaLevel.GU, name_en="Jongno-gu")
    dong = make_area(parent=gu, name_en="Sajik-dong")
    login(client, resident)
    response = client.post("/ideas/new", data=valid(category, area=str(dong.id)))
    assert response.status_code == 302
    idea = db.session.scalars(select(Idea)).one()
    assert response.headers["Location"] == f"/ideas/{idea.id}"
    assert idea.author_id == resident.id and idea.status == IdeaStatus.RECEIVED
    assert idea.title == "Longer opening hours for winter shelters"
    assert idea.body == "Shelters close at 6 pm.\nMany people work until 7."
    assert idea.category_id == category.id and idea.area_id == dong.id
    assert (
        idea.due_on
        == due_date_for(idea.created_at)
        == seoul_day(idea.created_at) + timedelta(days=14)
    )
    assert idea.department_id is None and idea.assignee_id is None and idea.outcome is None
    (received,) = db.session.scalars(select(IdeaEvent).where(IdeaEvent.idea_id == idea.id))
    assert received.kind == IdeaEventKind.RECEIVED and received.actor_id == resident.id
    assert received.to_status == IdeaStatus.RECEIVED

    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your idea was received. The city is due to answer it by" in page
    assert "Jongno-gu Sajik-dong" in page and "Care for older people" in page


def test_a_gu_may_be_the_area_and_the_response_days_are_configurable(
    client, resident, category, config
):
    config["IDEA_RESPONSE_DAYS"] = 30
    gu = make_area(level=AreaLevel.GU)
    login(client, resident)
    assert client.post("/ideas/new", data=valid(category, area=str(gu.id))).status_code == 302
    idea = db.session.scalars(select(Idea)).one()
    assert idea.area_id == gu.id
    assert idea.due_on == seoul_day(idea.created_at) + timedelta(days=30)


def test_phone_numbers_are_not_refused_an_idea_is_about_policy(client, resident, category):
    """Unlike a need, an idea is about policy: the form asks, the server does not refuse."""
    login(client, resident)
    page = client.get("/ideas/new").get_data(as_text=True)
    assert "do not write anyone's name, phone number, address or health details" in page
    body = "Call centre 02-120 should answer in English too."
    assert client.post("/ideas/new", data=valid(category, body=body)).status_code == 302
    assert db.session.scalars(select(Idea)).one().body == body


NOT_LISTED = "Choose one of the listed categories."
INVALID = {
    "no title": ({"title": "   "}, "title", "Enter a title."),
    "long title": ({"title": "x" * 151}, "title", "Use at most 150 characters."),
    "no body": ({"body": " \r\n "}, "body", "Describe your idea."),
    "long body": ({"body": "x" * 5001}, "body", "Use at most 5000 characters."),
    "no category": ({"category": ""}, "category", "Choose a category."),
    "unknown category": (
        {"category": "999999"},
        "category",
        "Choose one of the listed categories.",
    ),
    "not a category": ({"category": "abc"}, "category", "Choose one of the listed categories."),
    "inactive category": (
        {"category": "inactive"},
        "category",
        "Choose one of the listed categories.",
    ),
    "unknown area": ({"area": "999999"}, "area", "Choose one of the listed areas."),
    "not an area": ({"area": "x"}, "area", "Choose one of the listed areas."),
}


@pytest.mark.parametrize("case", INVALID)
def test_invalid_ideas_are_refused_at_the_field_and_nothing_is_saved(
    client, resident, category, case
):
    changes, field, message = INVALID[case]
    if changes.get("category") == "inactive":
        changes = {"category": str(make_category(active=False).id)}
    login(client, resident)
    events = db.session.scalar(select(func.count(IdeaEvent.id)))
    response = client.post("/ideas/new", data=valid(category, **changes))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert field_error(html, field) == message
    assert "Please correct the marked fields." in html
    assert idea_count() == 0
    assert db.session.scalar(select(func.count(IdeaEvent.id))) == events


def test_the_body_limit_counts_a_line_break_once(client, resident, category):
    """Browsers send CRLF: 2,500 lines of one letter are 4,999 characters, not 7,498."""
    login(client, resident)
    body = "\r\n".join(["x"] * 2500)
    assert client.post("/ideas/new", data=valid(category, body=body)).status_code == 302


def test_the_form_offers_active_categories_and_the_areas(client, resident, category):
    make_category(active=False, name_en="Retired category")
    gu = make_area(level=AreaLevel.GU, name_en="Mapo-gu")
    make_area(parent=gu, name_en="Hapjeong-dong")
    login(client, resident)
    page = client.get("/ideas/new").get_data(as_text=True)
    assert "Care for older people" in page and "Retired category" not in page
    assert "Mapo-gu (whole district)" in page and "Hapjeong-dong" in page
    assert 'aria-live="polite" data-idea-suggestions' in page
    assert "/static/js/idea-suggestions.js" in page


# --- supporting ---------------------------------------------------------------------------------


def test_support_once_withdraw_and_support_again(client, resident):
    idea = make_idea()
    login(client, resident)
    assert client.post(f"/ideas/{idea.id}/support").status_code == 302
    page = client.post(f"/ideas/{idea.id}/support", follow_redirects=True)
    assert page.status_code == 200
    assert "You already support this idea." in page.get_data(as_text=True)
    assert queries.support_count(idea) == 1
    html = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "1 person supports this idea." in html and "Withdraw your support" in html

    page = client.post(f"/ideas/{idea.id}/unsupport", follow_redirects=True)
    assert "You no longer support this idea." in page.get_data(as_text=True)
    assert queries.support_count(idea) == 0
    page = client.post(f"/ideas/{idea.id}/unsupport", follow_redirects=True)
    assert "You were not supporting this idea." in page.get_data(as_text=True)
    assert client.post(f"/ideas/{idea.id}/support").status_code == 302
    assert queries.support_count(idea) == 1


def test_a_race_to_support_twice_is_refused_cleanly(resident, monkeypatch):
    """Two clicks that both pass the first check: the primary key refuses the second, and the
    transaction carries on (no IntegrityError, no half-done state)."""
    idea = make_idea()
    support(idea, resident)
    db.session.expunge_all()
    idea = db.session.get(Idea, idea.id)
    monkeypatch.setattr(db.session, "get", lambda *args, **kwargs: None)
    with pytest.raises(services.AlreadySupported):
        services.support_idea(resident, idea)
    monkeypatch.undo()
    assert queries.support_count(idea) == 1
    db.session.flush()  # the session is still usable


def test_the_support_count_counts_everyone(client):
    idea = make_idea()
    for _ in range(3):
        support(idea)
    html = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "3 people support this idea." in html
    assert "Log in to support this idea." in html


def test_the_author_sees_no_support_button(client):
    author = make_user()
    idea = make_idea(author)
    login(client, author)
    html = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "This is your idea: others can support it." in html
    assert f'action="/ideas/{idea.id}/support"' not in html
    assert client.post(f"/ideas/{idea.id}/support").status_code == 403
    assert queries.support_count(idea) == 0


def test_an_answered_idea_takes_no_more_support_but_support_can_be_withdrawn(client, resident):
    idea = make_idea(status=IdeaStatus.ANSWERED)
    supporter = make_user()
    support(idea, supporter)
    login(client, resident)
    html = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "This idea has been answered: it takes no more support." in html
    assert f'action="/ideas/{idea.id}/support"' not in html
    page = client.post(f"/ideas/{idea.id}/support", follow_redirects=True)
    assert "it takes no more support" in page.get_data(as_text=True)
    assert queries.support_count(idea) == 1

    client.post("/logout")
    login(client, supporter)
    html = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert f'action="/ideas/{idea.id}/unsupport"' in html
    assert client.post(f"/ideas/{idea.id}/unsupport").status_code == 302
    assert queries.support_count(idea) == 0


# --- the idea page ------------------------------------------------------------------------------


def test_the_page_shows_the_public_facts_escaped_with_line_breaks(client):
    author = make_user(display_name="Park Citizen")
    idea = make_idea(
        author,
        title="Warm <b>shelters</b>",
        body="First line <script>alert(1)</script>\nSecond line",
        category=make_category(name_en="Housing"),
        area=make_area(name_en="Sajik-dong"),
    )
    html = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "<h1>Warm &lt;b&gt;shelters&lt;/b&gt;</h1>" in html
    assert (
        '<p class="pre-line">First line &lt;script&gt;alert(1)&lt;/script&gt;\nSecond line</p>'
        in html
    )
    assert "Park Citizen" in html and "Housing" in html and "Sajik-dong" in html
    assert "Received" in html and "Answer due" in html
    assert "Not answered yet. The city is due to answer by" in html
    assert "Overdue" not in html


def test_an_unanswered_idea_past_its_due_day_is_marked_overdue(client):
    idea = make_idea(received_at=days_ago(20))
    assert idea.due_on < seoul_today()
    html = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert '<span class="badge bad">Overdue</span>' in html
    assert "The answer is overdue: it was due on" in html
    # Listed as overdue too.
    assert '<span class="badge bad">Overdue</span>' in client.get("/ideas").get_data(as_text=True)


def test_an_answered_idea_shows_the_official_response(client):
    department = make_department(name_en="Welfare Policy Division")
    idea = make_idea(
        status=IdeaStatus.ANSWERED,
        outcome=IdeaOutcome.PARTLY_ADOPTED,
        response="We will open two shelters later.\n<i>From next winter.</i>",
        received_at=days_ago(20),
        answered_at=days_ago(1),
        answering_department=department,
    )
    html = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "The city's answer" in html and "Official response" in html
    assert "Partly adopted" in html and "Welfare Policy Division" in html
    assert (
        '<p class="pre-line">We will open two shelters later.\n&lt;i&gt;From next winter.'
        "&lt;/i&gt;</p>" in html
    )
    assert "Answered on" in html and "(after the due date)" in html
    assert "Overdue" not in html


def test_an_idea_answered_in_time_is_not_marked_late(client):
    idea = make_idea(status=IdeaStatus.ANSWERED, received_at=days_ago(3), answered_at=days_ago(1))
    html = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "Answered on" in html and "after the due date" not in html


# --- what the public never sees -----------------------------------------------------------------

SECRETS = (
    "Secret Holding Division",
    "비밀담당과",
    "Staff Secret-Name",
    "assignee-secret@example.org",
    "answerer-secret@example.org",
    "Answerer Secret-Name",
    "Internal note: the budget is already spent",
    "author-secret@example.org",
)


@pytest.fixture
def secret_world():
    """One idea held by a department and a person, with a note; one answered by another
    department, its internal department and answerer still private."""
    holding = make_department(name_ko="비밀담당과", name_en="Secret Holding Division")
    assignee = make_user(
        Role.STAFF, "assignee-secret@example.org", display_name="Staff Secret-Name"
    )
    answerer = make_user(
        Role.STAFF, "answerer-secret@example.org", display_name="Answerer Secret-Name"
    )
    author = make_user(email="author-secret@example.org", display_name="Public Author")
    working = make_idea(
        author,
        IdeaStatus.UNDER_REVIEW,
        title="Warm shelters in winter",
        department=holding,
        assignee=assignee,
    )
    add_note(working, "Internal note: the budget is already spent", assignee)
    db.session.add(
        IdeaEvent(
            idea=working,
            kind=IdeaEventKind.ASSIGNED,
            actor=assignee,
            department=holding,
            assignee=assignee,
        )
    )
    answered = make_idea(
        author,
        IdeaStatus.ANSWERED,
        title="Warm meals in winter",
        department=holding,
        assignee=assignee,
        answered_by=answerer,
        answering_department=make_department(name_en="Public Answer Division"),
    )
    add_note(answered, "Internal note: the budget is already spent", answerer)
    support(working, make_user())
    db.session.flush()
    return working, answered, author


@pytest.mark.parametrize("viewer", ["anonymous", "resident", "author"])
def test_public_pages_never_show_staff_data(client, secret_world, viewer):
    working, answered, author = secret_world
    if viewer == "resident":
        login(client, make_user())
    elif viewer == "author":
        login(client, author)
    pages = [
        "/ideas",
        "/ideas?sort=supported",
        "/ideas?sort=answered",
        f"/ideas/{working.id}",
        f"/ideas/{answered.id}",
        "/api/ideas/similar?title=warm+winter",
    ]
    if viewer != "anonymous":
        pages.append("/my/ideas")
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        text = response.get_data(as_text=True)
        if path.startswith("/api/"):
            text = json.dumps(response.get_json(), ensure_ascii=False)
        for secret in SECRETS:
            assert secret not in text, (path, secret)
    # What is public is there: the answering department, once answered.
    assert "Public Answer Division" in client.get(f"/ideas/{answered.id}").get_data(as_text=True)
    assert "Public Author" in client.get(f"/ideas/{working.id}").get_data(as_text=True)


# --- the list: order, filters, pages ------------------------------------------------------------


def test_newest_first_by_time_received_not_by_id(client):
    older = make_idea(received_at=days_ago(1))
    oldest = make_idea(received_at=days_ago(3))
    newest = make_idea(received_at=days_ago(0, hours=1))
    assert listed_ids(client.get("/ideas").get_data(as_text=True)) == [
        newest.id,
        older.id,
        oldest.id,
    ]


def test_most_supported_first_then_newest(client):
    popular = make_idea(received_at=days_ago(5))
    for _ in range(3):
        support(popular)
    liked_older = make_idea(received_at=days_ago(4))
    support(liked_older)
    liked_newer = make_idea(received_at=days_ago(2))
    support(liked_newer)
    unloved = make_idea(received_at=days_ago(0, hours=1))
    html = client.get("/ideas?sort=supported").get_data(as_text=True)
    assert listed_ids(html) == [popular.id, liked_newer.id, liked_older.id, unloved.id]
    assert "3 supports" in html and "1 support" in html and "0 supports" in html


def test_recently_answered_first_then_the_rest_newest_first(client):
    answered_long_ago = make_idea(
        status=IdeaStatus.ANSWERED, received_at=days_ago(30), answered_at=days_ago(20)
    )
    answered_lately = make_idea(
        status=IdeaStatus.ANSWERED, received_at=days_ago(40), answered_at=days_ago(1)
    )
    waiting_new = make_idea(received_at=days_ago(0, hours=2))
    waiting_old = make_idea(status=IdeaStatus.UNDER_REVIEW, received_at=days_ago(10))
    html = client.get("/ideas?sort=answered").get_data(as_text=True)
    assert listed_ids(html) == [
        answered_lately.id,
        answered_long_ago.id,
        waiting_new.id,
        waiting_old.id,
    ]
    assert "Adopted" in html


def test_filters_by_status_and_category(client):
    housing = make_category(name_en="Housing")
    received = make_idea(category=housing)
    reviewed = make_idea(status=IdeaStatus.UNDER_REVIEW, category=housing)
    answered = make_idea(status=IdeaStatus.ANSWERED)
    assert listed_ids(client.get("/ideas?status=under_review").get_data(as_text=True)) == [
        reviewed.id
    ]
    assert listed_ids(client.get("/ideas?status=answered").get_data(as_text=True)) == [answered.id]
    by_category = listed_ids(client.get(f"/ideas?category={housing.id}").get_data(as_text=True))
    assert sorted(by_category) == sorted([received.id, reviewed.id])
    both = f"/ideas?category={housing.id}&status=received"
    assert listed_ids(client.get(both).get_data(as_text=True)) == [received.id]
    # Values that name nothing are ignored, not errors.
    everything = client.get("/ideas?status=bogus&category=abc&area=nowhere&sort=x&page=x")
    assert everything.status_code == 200
    assert len(listed_ids(everything.get_data(as_text=True))) == 3


def test_an_area_filter_on_a_gu_includes_its_dongs(client):
    gu = make_area(level=AreaLevel.GU)
    dong = make_area(parent=gu)
    other_gu = make_area(level=AreaLevel.GU)
    other_dong = make_area(parent=other_gu)
    in_gu = make_idea(area=gu)
    in_dong = make_idea(area=dong)
    make_idea(area=other_dong)
    make_idea()  # no area
    listed = listed_ids(client.get(f"/ideas?area={gu.code}").get_data(as_text=True))
    assert sorted(listed) == sorted([in_gu.id, in_dong.id])
    assert listed_ids(client.get(f"/ideas?area={dong.code}").get_data(as_text=True)) == [in_dong.id]


def test_pages_keep_the_filters(client, config):
    config["IDEAS_PER_PAGE"] = 2
    housing = make_category()
    ideas = [make_idea(category=housing, received_at=days_ago(i)) for i in range(5)]
    make_idea(received_at=days_ago(0))  # another category: never listed below
    html = client.get(f"/ideas?category={housing.id}&page=2").get_data(as_text=True)
    assert listed_ids(html) == [ideas[2].id, ideas[3].id]
    assert "5 ideas" in html and "Page 2 of 3" in html
    for rel, page in (("prev", "1"), ("next", "3")):
        href = re.search(rf'<a rel="{rel}" href="([^"]+)"', html).group(1).replace("&amp;", "&")
        assert parse_qs(urlsplit(href).query) == {"page": [page], "category": [str(housing.id)]}
    last = client.get(f"/ideas?category={housing.id}&page=3").get_data(as_text=True)
    assert listed_ids(last) == [ideas[4].id]
    beyond = client.get(f"/ideas?category={housing.id}&page=9")
    assert beyond.status_code == 200 and listed_ids(beyond.get_data(as_text=True)) == []
    sorted_page = client.get("/ideas?sort=supported&status=received&page=2").get_data(as_text=True)
    href = re.search(r'<a rel="prev" href="([^"]+)"', sorted_page).group(1).replace("&amp;", "&")
    assert parse_qs(urlsplit(href).query) == {
        "page": ["1"],
        "sort": ["supported"],
        "status": ["received"],
    }


def test_cards_count_supports_and_visible_comments(client):
    idea = make_idea()
    support(idea)
    support(idea)
    comment_on(idea)
    hidden = comment_on(idea)
    hidden.hidden_at = utcnow()
    hidden.hidden_reason = "Personal details"
    db.session.flush()
    html = client.get("/ideas").get_data(as_text=True)
    assert "2 supports" in html and "1 comment" in html and "2 comments" not in html


def test_the_list_takes_the_same_number_of_queries_for_few_and_many_ideas(app, client):
    def queries_for_list() -> int:
        statements = []

        def count_statement(*args):
            statements.append(args)

        engine = db.engine
        event.listen(engine, "before_cursor_execute", count_statement)
        try:
            assert client.get("/ideas").status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", count_statement)
        return len(statements)

    def some_ideas(n):
        area = make_area()
        for _ in range(n):
            idea = make_idea(area=area)
            support(idea)
            comment_on(idea)

    some_ideas(2)
    few = queries_for_list()
    some_ideas(8)
    assert queries_for_list() == few


# --- one's own ideas ----------------------------------------------------------------------------


def test_my_ideas_shows_mine_with_due_days_and_those_i_support(client, resident):
    mine = make_idea(resident, title="My overdue idea", received_at=days_ago(20))
    answered = make_idea(resident, IdeaStatus.ANSWERED, title="My answered idea")
    supported = make_idea(title="An idea I support")
    support(supported, resident)
    make_idea(title="Somebody else's idea")
    login(client, resident)
    html = client.get("/my/ideas").get_data(as_text=True)
    assert "My overdue idea" in html and "My answered idea" in html
    assert "An idea I support" in html and "Somebody else" not in html
    assert '<span class="badge bad">Overdue</span>' in html
    assert "Answered" in html and "Adopted" in html
    own_table = html.split('id="my-ideas"')[1].split("</table>")[0]
    assert "An idea I support" not in own_table
    assert own_table.index(f"/ideas/{answered.id}") < own_table.index(f"/ideas/{mine.id}")


# --- similar titles -----------------------------------------------------------------------------


def similar(client, title: str) -> list[dict]:
    response = client.get("/api/ideas/similar", query_string={"title": title})
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return response.get_json()["ideas"]


def test_similar_finds_a_shared_word_and_answers_in_the_agreed_shape(client):
    idea = make_idea(title="Longer opening hours for winter shelters")
    support(idea)
    make_idea(title="Free lunches at the community centre")
    (found,) = similar(client, "Heating in Winter")
    assert found == {
        "id": idea.id,
        "title": "Longer opening hours for winter shelters",
        "status": "received",
        "status_label": "Received",
        "supports": 1,
        "takes_support": True,
        "url": f"/ideas/{idea.id}",
    }


def test_an_answered_idea_is_suggested_for_its_answer_after_those_taking_support(client):
    answered = make_idea(status=IdeaStatus.ANSWERED, title="Winter shelters")
    for _ in range(3):
        support(answered)
    open_idea = make_idea(title="Shelters in winter")
    found = similar(client, "winter shelters")
    assert [i["id"] for i in found] == [open_idea.id, answered.id]
    assert [(i["takes_support"], i["url"]) for i in found] == [
        (True, f"/ideas/{open_idea.id}"),
        (False, f"/ideas/{answered.id}#response"),
    ]


def test_similar_tries_korean_words_without_their_particle(client):
    heating = make_idea(title="경로당 난방비 지원")
    make_idea(title="어린이 도서관 확충")
    assert [i["id"] for i in similar(client, "경로당에 대하여")] == [heating.id]
    assert [i["id"] for i in similar(client, "난방비를 늘려 주세요")] == [heating.id]
    assert [i["id"] for i in similar(client, "경로당의 난방비가")] == [heating.id]
    assert similar(client, "도서관에서")[0]["title"] == "어린이 도서관 확충"


def test_similar_ranks_by_words_shared_then_supports(client):
    one_word_popular = make_idea(title="Winter festival")
    for _ in range(5):
        support(one_word_popular)
    two_words = make_idea(title="Winter shelters")
    one_word_quiet = make_idea(title="Shelters for animals")
    assert [i["id"] for i in similar(client, "winter shelters open late")] == [
        two_words.id,
        one_word_popular.id,
        one_word_quiet.id,
    ]


def test_similar_gives_at_most_the_configured_number(client, config):
    for n in range(7):
        make_idea(title=f"Shelter number {n}")
    assert len(similar(client, "shelter")) == 5
    config["IDEA_SUGGESTIONS"] = 2
    assert len(similar(client, "shelter")) == 2


@pytest.mark.parametrize("title", ["", " ", "a", "가", "% _", "!!"])
def test_similar_needs_a_real_word(client, title):
    make_idea(title="a b 가 % _ !! anything")
    assert similar(client, title) == []


def test_similar_searches_for_like_wildcards_as_themselves(client):
    make_idea(title="abc programme")
    make_idea(title="500 won meals")
    underscored = make_idea(title="a_c programme")
    percent = make_idea(title="50% discount on transport")
    assert similar(client, "%%") == []
    assert [i["id"] for i in similar(client, "a_c")] == [underscored.id]
    assert [i["id"] for i in similar(client, "50%")] == [percent.id]


def test_similar_returns_titles_as_text_for_the_script_to_escape(client):
    make_idea(title="<img src=x onerror=alert(1)> shelters")
    (found,) = similar(client, "shelters")
    assert found["title"] == "<img src=x onerror=alert(1)> shelters"


def test_similar_is_rate_limited(client):
    for _ in range(60):
        assert client.get("/api/ideas/similar?title=ab").status_code == 200
    assert client.get("/api/ideas/similar?title=ab").status_code == 429


def test_search_words_keep_stems_and_skip_short_words():
    assert similar_titles._search_words("경로당에 난방을 a 지원") == [
        ("경로당에", "경로당"),
        ("난방을", "난방"),
        ("지원",),
    ]
    assert similar_titles._search_words("에서 Winter WINTER") == [("에서",), ("winter",)]


def test_overdue_uses_the_seoul_day():
    idea = make_idea(due_on=date(2030, 1, 1))
    assert not idea.is_overdue(date(2030, 1, 1)) and idea.is_overdue(date(2030, 1, 2))
    assert reload(idea).due_on == date(2030, 1, 1)
