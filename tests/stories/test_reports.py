"""Readers' reports: who may report, the reason, once per reader, and the automatic hiding
after STORY_REPORTS_TO_HIDE open reports (logged, the author told), also when two readers
report at the same moment."""

from __future__ import annotations

import threading
import time
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from app import create_app
from app.accounts.models import Role
from app.clock import utcnow
from app.extensions import db
from app.notifications.models import Notification, NotificationKind
from app.stories.models import (
    ModerationAction,
    ModerationLogEntry,
    Story,
    StoryReport,
    StoryStatus,
)
from app.stories.reading import reports
from tests.conftest import RequestIsolatingClient, _test_database_url, reset_and_migrate
from tests.factories import field_error, login, make_user, reload
from tests.stories.factories import make_story, report_story

S = StoryStatus
REASON = "It names my neighbour without asking her."


@pytest.fixture
def client(english_client):
    return english_client


@pytest.fixture
def threshold(app):
    """Change STORY_REPORTS_TO_HIDE for one test; put back afterwards."""
    saved = app.config["STORY_REPORTS_TO_HIDE"]

    def set_to(value: int) -> None:
        app.config["STORY_REPORTS_TO_HIDE"] = value

    yield set_to
    app.config["STORY_REPORTS_TO_HIDE"] = saved


def reader(app, language: str = "en"):
    """A signed-in reader with a client of their own, reading in `language`."""
    user = make_user()
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    login(client, user)
    return SimpleNamespace(user=user, client=client)


def send(client, story, reason=REASON):
    return client.post(f"/stories/{story.id}/report", data={"reason": reason})


def report_count(story) -> int:
    return db.session.scalar(
        select(func.count(StoryReport.id)).where(StoryReport.story_id == story.id)
    )


def hide_log(story) -> list[ModerationLogEntry]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(ModerationLogEntry).where(
                ModerationLogEntry.story_id == story.id,
                ModerationLogEntry.action == ModerationAction.HIDE_BY_REPORTS,
            )
        )
    )


def notifications_of(user) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.user_id == user.id)))


# --- the form and who may send it ---------------------------------------------------------------


def test_a_reader_reports_a_story(app):
    story = make_story(title="A story")
    one = reader(app)
    html = one.client.get(f"/stories/{story.id}").get_data(as_text=True)
    assert "<summary>Report this story</summary>" in html
    assert '<label for="reason">What is wrong with this story?</label>' in html
    assert f'action="/stories/{story.id}/report#report"' in html

    response = send(one.client, story)

    assert response.status_code == 302
    assert response.headers["Location"] == f"/stories/{story.id}"
    (report,) = reload(story).reports
    assert (report.reporter_id, report.reason, report.resolved_at) == (one.user.id, REASON, None)
    assert reload(story).status == S.PUBLISHED
    html = one.client.get(f"/stories/{story.id}").get_data(as_text=True)
    assert "Thank you. The moderators will read your report." in html
    assert "You have reported this story." in html
    assert "Report this story</summary>" not in html


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Say what is wrong with the story."),
        ("   \n ", "Say what is wrong with the story."),
        ("x" * 501, "Use at most 500 characters."),
    ],
)
def test_the_reason_is_required_and_short(app, reason, message):
    story = make_story()
    one = reader(app)
    response = send(one.client, story, reason)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert field_error(html, "reason") == message
    assert '<details id="report" class="report" open>' in html
    assert 'aria-invalid="true"' in html
    if reason.strip():
        assert f"{reason}</textarea>" in html  # what was typed is kept
    assert report_count(story) == 0


def test_a_reason_of_exactly_the_limit_is_taken(app):
    story = make_story()
    assert send(reader(app).client, story, "x" * 500).status_code == 302
    assert report_count(story) == 1


def test_a_reader_reports_a_story_once(app):
    story = make_story()
    one = reader(app)
    send(one.client, story)
    response = send(one.client, story, "A second reason")
    assert response.status_code == 302
    html = one.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You have already reported this story." in html
    assert [r.reason for r in reload(story).reports] == [REASON]


def test_the_service_refuses_a_second_report_too(app):
    story, user = make_story(), make_user()
    reports.report_story(story, user, REASON)
    with pytest.raises(reports.AlreadyReported):
        reports.report_story(story, user, "again")
    assert report_count(story) == 1


def test_the_author_cannot_report_their_story(app):
    author = make_user()
    story = make_story(author)
    client = app.test_client()
    login(client, author)
    html = client.get(f"/stories/{story.id}").get_data(as_text=True)
    assert "Report this story" not in html
    assert send(client, story).status_code == 403
    assert report_count(story) == 0
    with pytest.raises(reports.NotReportable):
        reports.report_story(story, author, REASON)


def test_a_visitor_is_sent_to_log_in(client):
    story = make_story()
    html = client.get(f"/stories/{story.id}").get_data(as_text=True)
    assert "Log in to report this story to the moderators." in html
    response = send(client, story)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/login?next=/stories/{story.id}"
    assert report_count(story) == 0


@pytest.mark.parametrize("status", [s for s in StoryStatus if s != S.PUBLISHED])
def test_only_a_published_story_can_be_reported(app, status):
    story = make_story(status=status)
    for role, expected in [(Role.RESIDENT, 404), (Role.MODERATOR, 403)]:
        client = app.test_client()
        login(client, make_user(role))
        assert send(client, story).status_code == expected, role
    assert report_count(story) == 0
    with pytest.raises(reports.NotReportable):
        reports.report_story(story, make_user(), REASON)


def test_a_report_needs_a_csrf_token(app, request):
    story = make_story()
    one = reader(app)
    request.getfixturevalue("csrf_on")
    assert send(one.client, story).status_code == 400
    assert report_count(story) == 0
    page = one.client.get(f"/stories/{story.id}").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = one.client.post(
        f"/stories/{story.id}/report", data={"reason": REASON, "csrf_token": token}
    )
    assert response.status_code == 302
    assert report_count(story) == 1


# --- hiding after enough reports ----------------------------------------------------------------


def test_the_third_open_report_hides_the_story(app):
    author = make_user(preferred_language="en")
    story = make_story(author, title="Much reported", featured=True)
    featured_at, version = story.featured_at, story.version
    # The readers read in Korean; the author is told in their own language, English.
    first, second, third = (reader(app, "ko") for _ in range(3))

    send(first.client, story)
    send(second.client, story)
    assert reload(story).status == S.PUBLISHED  # two: not yet
    assert hide_log(story) == []

    response = send(third.client, story)

    story = reload(story)
    assert story.status == S.HIDDEN
    assert story.featured_at == featured_at  # kept for when a moderator restores it
    assert story.version > version
    (entry,) = hide_log(story)
    assert entry.moderator_id is None  # the site did it
    assert "3" in entry.reason
    (notice,) = notifications_of(author)
    assert notice.kind == NotificationKind.STORY_HIDDEN
    assert notice.subject == (
        "Your story “Much reported” is hidden until a moderator has looked at it"
    )
    assert notice.link == f"/stories/{story.id}"
    # The third reader is thanked, and taken to the list: the story is gone for them.
    assert response.headers["Location"] == "/stories"
    assert third.client.get(f"/stories/{story.id}").status_code == 404


def test_a_hidden_story_is_off_every_public_page(app, client):
    story = make_story(title="Gone for now", featured=True)
    for _ in range(2):
        report_story(story)
    reports.report_story(story, make_user(), REASON)
    assert story.status == S.HIDDEN
    assert client.get(f"/stories/{story.id}").status_code == 404
    for url in ("/stories", "/", "/stories/feed.atom"):
        assert "Gone for now" not in client.get(url).get_data(as_text=True), url


def test_the_threshold_is_a_setting(app, threshold):
    threshold(2)
    story = make_story()
    outcome = reports.report_story(story, make_user(), REASON)
    assert (outcome.open_reports, outcome.hidden, story.status) == (1, False, S.PUBLISHED)
    outcome = reports.report_story(story, make_user(), REASON)
    assert (outcome.open_reports, outcome.hidden, story.status) == (2, True, S.HIDDEN)
    assert len(hide_log(story)) == 1


def test_only_open_reports_count(app):
    moderator = make_user(Role.MODERATOR)
    story = make_story()
    for _ in range(2):
        report = report_story(story)
        report.resolved_at, report.resolved_by = utcnow(), moderator  # dismissed earlier
    db.session.flush()
    outcome = reports.report_story(story, make_user(), REASON)
    assert (outcome.open_reports, outcome.hidden) == (1, False)
    assert story.status == S.PUBLISHED


# --- two readers at the same moment -------------------------------------------------------------


@pytest.fixture(scope="module")
def race_app(tmp_dir):
    """An app on a database of its own: these tests commit for real, from two sessions."""
    app = create_app(
        "testing",
        overrides={"SQLALCHEMY_DATABASE_URI": _test_database_url(tmp_dir, "_reports_race")},
    )
    app.test_client_class = RequestIsolatingClient
    app.config["STORY_REPORTS_TO_HIDE"] = 2
    reset_and_migrate(app)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.mark.own_app
def test_two_readers_reporting_at_once_do_not_both_miss_the_threshold(race_app):
    """Reader one has written their report (the first of two needed) and not yet committed
    when reader two sends theirs. Without the row lock, each would count only their own
    report and neither would hide the story. Reader two must wait for (PostgreSQL), or be
    refused and try again after (SQLite), reader one's commit, and then count two."""
    with race_app.app_context():
        author = make_user()
        story = make_story(author, title="Raced")
        first, second = make_user(), make_user()
        db.session.commit()
        story_id, second_email = story.id, second.email

        client = race_app.test_client()
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        login(client, second)
        db.session.rollback()  # a request of its own starts here, after the login's write

        outcome = reports.report_story(db.session.get(Story, story_id), first, REASON)
        assert (outcome.open_reports, outcome.hidden) == (1, False)

        answer = {}

        def reader_two():
            answer["response"] = client.post(
                f"/stories/{story_id}/report", data={"reason": "Me too"}
            )

        thread = threading.Thread(target=reader_two)
        thread.start()
        time.sleep(0.5)  # reader two is now waiting for the row, or has read before our write
        db.session.commit()  # reader one's request ends
        thread.join(timeout=60)
        assert not thread.is_alive()

        assert answer["response"].status_code == 302, answer["response"].get_data(as_text=True)
        db.session.expire_all()
        story = db.session.get(Story, story_id)
        assert story.status == S.HIDDEN
        assert len(story.open_reports) == 2
        assert {r.reporter.email for r in story.reports} == {first.email, second_email}
        assert len(hide_log(story)) == 1
        assert [n.kind for n in notifications_of(author)] == [NotificationKind.STORY_HIDDEN]
        db.session.remove()
