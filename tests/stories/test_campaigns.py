"""Story campaigns: who may do what, the campaign form's dates, entering a story, winners (only
published stories, logged, the author told), and what the public campaign page shows."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask_babel import force_locale
from flask_login import login_user
from sqlalchemy import select

from app.accounts.models import Role
from app.clock import seoul_today
from app.extensions import db
from app.notifications.models import Notification, NotificationKind
from app.stories.campaigns.queries import (
    CampaignStatus,
    campaign_overview,
    campaign_status,
    published_entries,
    unpublished_entry_count,
)
from app.stories.campaigns.services import (
    CampaignDetails,
    CampaignError,
    create_campaign,
    enter_story,
    set_winner,
)
from app.stories.models import (
    CampaignEntry,
    ModerationAction,
    ModerationLogEntry,
    StoryCampaign,
    StoryStatus,
)
from tests.factories import PASSWORD, field_error, login, make_user, reload
from tests.roles import LOGIN, assert_status
from tests.stories.factories import enter, make_campaign, make_story


@pytest.fixture
def client(english_client):
    return english_client


@pytest.fixture
def moderator():
    return make_user(Role.MODERATOR, display_name="Choi Moderator", preferred_language="en")


@pytest.fixture
def author():
    return make_user(Role.RESIDENT, display_name="Oh Author", preferred_language="en")


def campaign_form(**overrides) -> dict:
    today = seoul_today()
    return {
        "title_ko": "봄 나눔 이야기 공모",
        "title_en": "Spring sharing stories",
        "theme_ko": "봄에 이웃과 나눈 이야기",
        "theme_en": "Stories of what neighbours shared this spring",
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=30)).isoformat(),
    } | overrides


def log_entries(action: ModerationAction) -> list[ModerationLogEntry]:
    db.session.expire_all()
    return list(
        db.session.scalars(select(ModerationLogEntry).where(ModerationLogEntry.action == action))
    )


def flashed(response_client) -> str:
    return response_client.get("/stories/campaigns").get_data(as_text=True)


# --- who may do what -----------------------------------------------------------------------------

ROLES = ("anonymous", "resident", "author", "moderator", "admin", "staff")


def _person(role: str, author):
    if role == "anonymous":
        return None
    if role == "author":
        return author
    return make_user(Role(role))


# route -> expected status per role (in ROLES' order)
# name: (method, path, form data, expected per role in ROLES order)
ROUTES = {
    "list": ("GET", "/stories/campaigns", None, (200, 200, 200, 200, 200, 200)),
    "show": ("GET", "/stories/campaigns/{campaign}", None, (200, 200, 200, 200, 200, 200)),
    "new (GET)": ("GET", "/moderation/campaigns/new", None, (LOGIN, 403, 403, 200, 200, 403)),
    "new (POST)": (
        "POST",
        "/moderation/campaigns/new",
        "campaign form",
        (LOGIN, 403, 403, 302, 302, 403),
    ),
    "edit (GET)": (
        "GET",
        "/moderation/campaigns/{campaign}/edit",
        None,
        (LOGIN, 403, 403, 200, 200, 403),
    ),
    "edit (POST)": (
        "POST",
        "/moderation/campaigns/{campaign}/edit",
        "campaign form",
        (LOGIN, 403, 403, 302, 302, 403),
    ),
    "enter": (
        "POST",
        "/stories/{story}/campaigns",
        "campaign id",
        (LOGIN, 403, 302, 403, 403, 403),
    ),
    "winner": (
        "POST",
        "/moderation/campaigns/{campaign}/entries/{entry}/winner",
        "winner",
        (LOGIN, 403, 403, 302, 302, 403),
    ),
}


def _request(client, route: str, campaign, story, entry):
    method, template, data, _expected = ROUTES[route]
    path = template.format(campaign=campaign.id, story=story.id, entry=entry.id)
    if method == "GET":
        return client.get(path)
    form = {
        "campaign form": campaign_form,
        "campaign id": lambda: {"campaign_id": campaign.id},
        "winner": lambda: {"winner": "1"},
    }[data]()
    return client.post(path, data=form)


@pytest.mark.parametrize(
    ("route", "role", "expected"),
    [(route, role, row[3][i]) for route, row in ROUTES.items() for i, role in enumerate(ROLES)],
)
def test_role_route_table(client, author, route, role, expected):
    campaign = make_campaign()
    other = make_campaign()  # the author's story is entered in this one; "enter" uses the first
    story = make_story(author)
    entry = enter(other, story) if route != "winner" else enter(campaign, story)
    person = _person(role, author)
    if person is not None:
        login(client, person)
    assert_status(_request(client, route, campaign, story, entry), expected)


def test_unknown_campaign_and_entry_are_404(client, moderator, author):
    login(client, moderator)
    assert client.get("/stories/campaigns/999999").status_code == 404
    assert client.get("/moderation/campaigns/999999/edit").status_code == 404
    campaign, other = make_campaign(), make_campaign()
    entry = enter(other, make_story(author))
    # An entry of another campaign is not found under this one.
    url = f"/moderation/campaigns/{campaign.id}/entries/{entry.id}/winner"
    assert client.post(url, data={"winner": "1"}).status_code == 404
    assert reload(entry).is_winner is False


def test_outsiders_do_not_learn_which_campaign_ids_exist(client):
    login(client, make_user(Role.RESIDENT))
    assert client.get("/moderation/campaigns/999999/edit").status_code == 403


# --- the campaign form ---------------------------------------------------------------------------


def test_a_moderator_creates_a_campaign_and_it_is_logged(client, moderator):
    login(client, moderator)
    response = client.post("/moderation/campaigns/new", data=campaign_form(title_en=""))
    assert response.status_code == 302
    campaign = db.session.scalars(select(StoryCampaign).order_by(StoryCampaign.id.desc())).first()
    assert response.headers["Location"] == f"/stories/campaigns/{campaign.id}"
    assert campaign.title_ko == "봄 나눔 이야기 공모"
    assert campaign.title_en is None  # English optional: the Korean title shows instead
    assert campaign.created_by_id == moderator.id
    (logged,) = log_entries(ModerationAction.CREATE_CAMPAIGN)
    assert (logged.campaign_id, logged.moderator_id, logged.story_id) == (
        campaign.id,
        moderator.id,
        None,
    )
    page = client.get(f"/stories/campaigns/{campaign.id}").get_data(as_text=True)
    assert "봄 나눔 이야기 공모" in page and "Taking stories" in page


def test_a_moderator_edits_a_campaign_and_it_is_logged(client, moderator):
    campaign = make_campaign()
    login(client, moderator)
    form = client.get(f"/moderation/campaigns/{campaign.id}/edit").get_data(as_text=True)
    assert campaign.title_ko in form and campaign.starts_on.isoformat() in form
    today = seoul_today()
    data = campaign_form(
        title_en="Renamed",
        starts_on=(today + timedelta(days=3)).isoformat(),
        ends_on=(today + timedelta(days=3)).isoformat(),  # one day is fine
    )
    assert client.post(f"/moderation/campaigns/{campaign.id}/edit", data=data).status_code == 302
    campaign = reload(campaign)
    assert campaign.title_en == "Renamed"
    assert campaign.starts_on == campaign.ends_on == today + timedelta(days=3)
    (logged,) = log_entries(ModerationAction.EDIT_CAMPAIGN)
    assert (logged.campaign_id, logged.moderator_id) == (campaign.id, moderator.id)
    page = client.get(f"/stories/campaigns/{campaign.id}").get_data(as_text=True)
    assert "Upcoming" in page


@pytest.mark.parametrize(
    ("overrides", "field_id", "message"),
    [
        ({"title_ko": "  "}, "title_ko", "Enter the campaign's Korean title."),
        ({"title_ko": "가" * 201}, "title_ko", "Use at most 200 characters."),
        ({"theme_ko": ""}, "theme_ko", "Say in Korean what stories the campaign asks for."),
        ({"starts_on": ""}, "starts_on", "Enter the first day."),
        ({"ends_on": ""}, "ends_on", "Enter the last day."),
        ({"starts_on": "next tuesday"}, "starts_on", "Enter a date, such as 2026-12-01."),
        ({"ends_on": "2026-02-30"}, "ends_on", "Enter a date, such as 2026-12-01."),
        (
            {"starts_on": "2030-05-10", "ends_on": "2030-05-09"},
            "ends_on",
            "The last day cannot be before the first day.",
        ),
    ],
)
def test_the_campaign_form_refuses_bad_input_at_the_field(
    client, moderator, overrides, field_id, message
):
    login(client, moderator)
    response = client.post("/moderation/campaigns/new", data=campaign_form(**overrides))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert field_error(html, field_id) == message
    assert "Please correct the marked fields." in html
    assert db.session.scalar(select(StoryCampaign.id)) is None
    assert not log_entries(ModerationAction.CREATE_CAMPAIGN)


def test_an_edit_with_dates_out_of_order_changes_nothing(client, moderator):
    campaign = make_campaign()
    before = (campaign.starts_on, campaign.ends_on)
    login(client, moderator)
    data = campaign_form(starts_on="2030-05-10", ends_on="2030-01-01", title_ko="바뀐 제목")
    response = client.post(f"/moderation/campaigns/{campaign.id}/edit", data=data)
    assert response.status_code == 200
    assert "The last day cannot be before the first day." in response.get_data(as_text=True)
    campaign = reload(campaign)
    assert (campaign.starts_on, campaign.ends_on) == before
    assert campaign.title_ko != "바뀐 제목"
    assert not log_entries(ModerationAction.EDIT_CAMPAIGN)


def test_the_service_refuses_dates_out_of_order_too(moderator):
    today = seoul_today()
    details = CampaignDetails("제목", None, "주제", None, today, today - timedelta(days=1))
    with pytest.raises(CampaignError) as raised:
        create_campaign(moderator, details)
    assert raised.value.field == "ends_on"


# --- the campaigns page --------------------------------------------------------------------------


def test_the_campaigns_page_lists_running_upcoming_and_past(client):
    today = seoul_today()
    running = make_campaign(title_en="Now running")
    upcoming = make_campaign(
        starts_on=today + timedelta(days=5), ends_on=today + timedelta(days=9), title_en="Later"
    )
    ended = make_campaign(running=False, title_en="Long ago")
    overview = campaign_overview()
    assert (overview.running, overview.upcoming, overview.ended) == ([running], [upcoming], [ended])
    html = client.get("/stories/campaigns").get_data(as_text=True)
    positions = [html.index(t) for t in ("Now running", "Later", "Long ago")]
    assert positions == sorted(positions)
    assert "Create a campaign" not in html


def test_seoul_days_decide_whether_a_campaign_runs():
    today = seoul_today()
    campaign = StoryCampaign(starts_on=today, ends_on=today)
    assert campaign_status(campaign, today) == CampaignStatus.RUNNING
    assert campaign_status(campaign, today + timedelta(days=1)) == CampaignStatus.ENDED
    assert campaign_status(campaign, today - timedelta(days=1)) == CampaignStatus.UPCOMING


# --- entering a story ----------------------------------------------------------------------------


def _enter(client, story, campaign):
    return client.post(f"/stories/{story.id}/campaigns", data={"campaign_id": campaign.id})


def entries_of(story) -> list[CampaignEntry]:
    db.session.expire_all()
    return list(db.session.scalars(select(CampaignEntry).where(CampaignEntry.story_id == story.id)))


@pytest.mark.parametrize("status", [StoryStatus.PUBLISHED, StoryStatus.PENDING])
def test_the_author_enters_a_story_into_a_running_campaign(client, author, status):
    campaign = make_campaign()
    story = make_story(author, status)
    login(client, author)
    response = _enter(client, story, campaign)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/stories/{story.id}"
    assert [e.campaign_id for e in entries_of(story)] == [campaign.id]
    page = client.get("/stories/campaigns").get_data(as_text=True)
    assert "Your story was entered into" in page
    if status == StoryStatus.PENDING:
        assert "once a moderator has published it" in page


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ("ended", "has ended: it no longer takes stories."),
        ("upcoming", "has not started yet"),
        ("duplicate", "This story is already entered in"),
    ],
)
def test_entering_is_refused_with_a_reason(client, author, when, message):
    today = seoul_today()
    story = make_story(author)
    if when == "ended":
        campaign = make_campaign(running=False)
    elif when == "upcoming":
        campaign = make_campaign(
            starts_on=today + timedelta(days=1), ends_on=today + timedelta(days=9)
        )
    else:
        campaign = make_campaign()
        enter(campaign, story)
    before = len(entries_of(story))
    login(client, author)
    response = _enter(client, story, campaign)
    assert response.status_code == 302
    assert message in client.get("/stories/campaigns").get_data(as_text=True)
    assert len(entries_of(story)) == before


@pytest.mark.parametrize(
    "status",
    [StoryStatus.WITHDRAWN, StoryStatus.REJECTED, StoryStatus.HIDDEN, StoryStatus.UNPUBLISHED],
)
def test_a_story_not_published_nor_waiting_cannot_be_entered(client, author, status):
    campaign = make_campaign()
    story = make_story(author, status)
    login(client, author)
    assert _enter(client, story, campaign).status_code == 302
    page = client.get("/stories/campaigns").get_data(as_text=True)
    assert "Only a published story, or one waiting for review, can be entered." in page
    assert entries_of(story) == []


def test_someone_elses_story_cannot_be_entered(client, author):
    campaign = make_campaign()
    published = make_story(author)
    pending = make_story(author, StoryStatus.PENDING)
    login(client, make_user())
    assert _enter(client, published, campaign).status_code == 403
    assert _enter(client, pending, campaign).status_code == 404  # not even visible to them
    assert client.post("/stories/999999/campaigns", data={"campaign_id": 1}).status_code == 404
    assert entries_of(published) == entries_of(pending) == []


def test_a_moderator_cannot_enter_someone_elses_story(client, author, moderator):
    campaign = make_campaign()
    story = make_story(author, StoryStatus.PENDING)
    login(client, moderator)
    assert _enter(client, story, campaign).status_code == 403
    assert entries_of(story) == []


def test_entering_needs_an_existing_campaign(client, author):
    story = make_story(author)
    login(client, author)
    assert (
        client.post(f"/stories/{story.id}/campaigns", data={"campaign_id": 999999}).status_code
        == 404
    )
    response = client.post(f"/stories/{story.id}/campaigns", data={"campaign_id": "x"})
    assert response.status_code == 302
    assert "Choose a campaign." in client.get("/stories/campaigns").get_data(as_text=True)
    assert entries_of(story) == []


def test_the_service_gives_the_same_answers(author):
    """The story form calls enter_story directly: the service refuses the same cases."""
    story = make_story(author)
    campaign = make_campaign()
    enter_story(story, campaign, author)
    with force_locale("en"), pytest.raises(CampaignError, match="already entered"):
        enter_story(story, campaign, author)
    with pytest.raises(CampaignError):
        enter_story(make_story(), make_campaign(), author)  # not the author


# --- winners -------------------------------------------------------------------------------------


def _mark(client, entry, winner="1"):
    return client.post(
        f"/moderation/campaigns/{entry.campaign_id}/entries/{entry.id}/winner",
        data={"winner": winner},
    )


def test_a_moderator_marks_a_winner_the_author_is_told_and_it_is_logged(client, moderator, author):
    campaign = make_campaign(title_en="Winter stories")
    story = make_story(author, title="Warm soup for the block")
    entry = enter(campaign, story)
    login(client, moderator)
    assert _mark(client, entry).status_code == 302
    entry = reload(entry)
    assert entry.is_winner and entry.winner_marked_at is not None
    (logged,) = log_entries(ModerationAction.MARK_WINNER)
    assert (logged.story_id, logged.campaign_id, logged.moderator_id) == (
        story.id,
        campaign.id,
        moderator.id,
    )
    (told,) = db.session.scalars(
        select(Notification).where(Notification.user_id == author.id)
    ).all()
    assert told.kind == NotificationKind.STORY_WINNER
    assert told.link == f"/stories/campaigns/{campaign.id}"
    # In the author's language: the English title of the campaign for an English reader.
    assert "Winter stories" in told.subject
    assert "Warm soup for the block" in told.body

    # Marking again changes nothing and tells nobody twice.
    assert _mark(client, entry).status_code == 302
    assert len(log_entries(ModerationAction.MARK_WINNER)) == 1

    assert _mark(client, entry, "0").status_code == 302
    entry = reload(entry)
    assert not entry.is_winner and entry.winner_marked_at is None
    (unmarked,) = log_entries(ModerationAction.UNMARK_WINNER)
    assert (unmarked.story_id, unmarked.campaign_id) == (story.id, campaign.id)
    assert (
        db.session.scalar(
            select(Notification.id).where(Notification.user_id == author.id).offset(1)
        )
        is None
    )


def test_the_winner_notification_is_in_the_authors_language(moderator):
    korean = make_user(preferred_language="ko")
    campaign = make_campaign(title_ko="겨울 이야기 공모", title_en="Winter stories")
    entry = enter(campaign, make_story(korean))
    set_winner(entry, moderator, True)
    told = db.session.scalars(select(Notification).where(Notification.user_id == korean.id)).one()
    assert "겨울 이야기 공모" in told.subject and "Winter stories" not in told.subject


@pytest.mark.parametrize(
    "status",
    [
        StoryStatus.PENDING,
        StoryStatus.HIDDEN,
        StoryStatus.WITHDRAWN,
        StoryStatus.UNPUBLISHED,
        StoryStatus.REJECTED,
    ],
)
def test_only_published_stories_can_win(client, moderator, author, status):
    entry = enter(make_campaign(), make_story(author, status))
    login(client, moderator)
    assert _mark(client, entry).status_code == 302
    assert "Only a published story can be a winner." in flashed(client)
    assert reload(entry).is_winner is False
    assert not log_entries(ModerationAction.MARK_WINNER)
    assert (
        db.session.scalar(select(Notification.id).where(Notification.user_id == author.id)) is None
    )


def test_a_winner_no_longer_published_can_be_unmarked(client, moderator, author):
    entry = enter(make_campaign(), make_story(author, StoryStatus.UNPUBLISHED), winner=True)
    login(client, moderator)
    assert _mark(client, entry, "0").status_code == 302
    assert reload(entry).is_winner is False


def test_a_winner_request_that_makes_no_sense_changes_nothing(client, moderator, author):
    entry = enter(make_campaign(), make_story(author))
    login(client, moderator)
    assert _mark(client, entry, "yes").status_code == 302
    assert reload(entry).is_winner is False
    assert not log_entries(ModerationAction.MARK_WINNER)


# --- the public campaign page --------------------------------------------------------------------


@pytest.fixture
def busy_campaign(author):
    """A campaign with a published winner, a published entry and one entry in every state the
    public must not see."""
    campaign = make_campaign(title_en="Busy campaign")
    enter(campaign, make_story(author, title="Published entry"))
    enter(campaign, make_story(author, title="The winning story"), winner=True)
    for status in StoryStatus:
        if status != StoryStatus.PUBLISHED:
            enter(campaign, make_story(author, status, title=f"Secret {status.value} entry"))
    # A winner taken down afterwards: shown nowhere, not even as a winner.
    enter(
        campaign, make_story(author, StoryStatus.HIDDEN, title="Secret fallen winner"), winner=True
    )
    return campaign


@pytest.mark.parametrize("viewer", ["anonymous", "resident", "author", "moderator"])
def test_the_campaign_page_lists_published_entries_only(client, author, busy_campaign, viewer):
    if viewer != "anonymous":
        login(client, {"author": author}.get(viewer) or make_user(Role(viewer)))
    html = client.get(f"/stories/campaigns/{busy_campaign.id}").get_data(as_text=True)
    assert "Secret" not in html
    assert "Published entry" in html and "The winning story" in html
    # The winner is at the top, under its own heading.
    assert html.index("The winning story") < html.index("Published entry")
    assert 'id="campaign-winners"' in html
    if viewer == "moderator":
        assert "6 entries are not published, so they are not listed here." in html
        assert "Mark as a winner" in html and "Remove from the winners" in html
        assert "Edit the campaign" in html
    else:
        assert "not published" not in html
        assert "Mark as a winner" not in html and "Edit the campaign" not in html


def test_published_entries_service_orders_winners_first(author):
    campaign = make_campaign()
    first = enter(campaign, make_story(author))
    winner = enter(campaign, make_story(author), winner=True)
    last = enter(campaign, make_story(author))
    enter(campaign, make_story(author, StoryStatus.PENDING))
    assert published_entries(campaign) == [winner, last, first]
    assert unpublished_entry_count(campaign) == 1


# --- the story page's partial --------------------------------------------------------------------


def render_partial(app, story, user=None) -> str:
    from flask import render_template

    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        if user is not None:
            login_user(user)
        return render_template("stories/campaigns/_campaign_entry.html", story=story)


def test_the_author_is_offered_running_campaigns_the_story_is_not_in(app, author):
    story = make_story(author)
    running = make_campaign(title_en="Open call")
    already = make_campaign(title_en="Already in")
    enter(already, story)
    make_campaign(running=False, title_en="Closed call")
    html = render_partial(app, story, author)
    assert f'action="/stories/{story.id}/campaigns"' in html
    assert f'<option value="{running.id}">' in html
    assert "Already in" not in html and "Closed call" not in html
    # Nobody else sees the form.
    assert "<form" not in render_partial(app, story, make_user())
    assert "<form" not in render_partial(app, story)


def test_no_form_when_there_is_nothing_to_enter(app, author):
    story = make_story(author)
    make_campaign(running=False)
    assert render_partial(app, story, author).strip() == ""
    withdrawn = make_story(author, StoryStatus.WITHDRAWN)
    make_campaign()
    assert "<form" not in render_partial(app, withdrawn, author)


def test_winner_badges_show_on_published_stories_only(app, author):
    campaign = make_campaign(title_en="Kindness call")
    story = make_story(author)
    enter(campaign, story, winner=True)
    html = render_partial(app, story)
    assert "Winner of “Kindness call”" in html
    assert f'href="/stories/campaigns/{campaign.id}"' in html
    story.status = StoryStatus.UNPUBLISHED
    db.session.flush()
    assert "Winner of" not in render_partial(app, story, author)


# --- CSRF ----------------------------------------------------------------------------------------


def _token(html: str) -> str:
    """The token in a WTForms form or in a `post_button` form."""
    return re.search(r'name="csrf_token"[^>]*?value="([^"]+)"', html).group(1)


def _login_with_csrf(client, user) -> None:
    token = _token(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login", data={"csrf_token": token, "email": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302  # the session, and so the token, is new from here


def test_every_post_needs_the_csrf_token(app, client, csrf_on, moderator, author):
    campaign = make_campaign()
    story = make_story(author)
    entry = enter(make_campaign(), make_story(author))

    _login_with_csrf(client, moderator)
    assert client.post("/moderation/campaigns/new", data=campaign_form()).status_code == 400
    edit_url = f"/moderation/campaigns/{campaign.id}/edit"
    assert client.post(edit_url, data=campaign_form(title_ko="바뀜")).status_code == 400
    assert _mark(client, entry).status_code == 400
    assert db.session.scalar(select(ModerationLogEntry.id)) is None
    assert reload(entry).is_winner is False
    # With the token the pages give, each works.
    token = _token(client.get("/moderation/campaigns/new").get_data(as_text=True))
    data = campaign_form(csrf_token=token)
    assert client.post("/moderation/campaigns/new", data=data).status_code == 302
    page = client.get(f"/stories/campaigns/{entry.campaign_id}").get_data(as_text=True)
    response = client.post(
        f"/moderation/campaigns/{entry.campaign_id}/entries/{entry.id}/winner",
        data={"winner": "1", "csrf_token": _token(page)},
    )
    assert response.status_code == 302 and reload(entry).is_winner

    author_client = app.test_client()
    _login_with_csrf(author_client, author)
    assert _enter(author_client, story, campaign).status_code == 400
    assert entries_of(story) == []
    token = _token(author_client.get("/stories/campaigns").get_data(as_text=True))
    data = {"campaign_id": campaign.id, "csrf_token": token}
    assert author_client.post(f"/stories/{story.id}/campaigns", data=data).status_code == 302
    assert len(entries_of(story)) == 1


def test_the_story_page_shows_the_entry_form_and_the_badges(client, author):
    running = make_campaign(title_en="Open call")
    won = make_campaign(running=False, title_en="Autumn call")
    story = make_story(author)
    enter(won, story, winner=True)
    login(client, author)
    page = client.get(f"/stories/{story.id}").get_data(as_text=True)
    assert "Winner of “Autumn call”" in page
    assert f'<option value="{running.id}">' in page
    assert client.post(f"/stories/{story.id}/campaigns", data={"campaign_id": running.id})
    page = client.get(f"/stories/{story.id}").get_data(as_text=True)
    assert "Your story was entered into “Open call”." in page
    assert 'name="campaign_id"' not in page  # nothing left to enter
