"""Two moderators on the same story: nobody overwrites another silently.

First, the usual case: moderator 1 opens the page, moderator 2 acts, moderator 1 sends the
form from the page they still have (an old version): refused with 409, the story as it is now,
what was done to it, and what moderator 1 typed kept.

Then a true race, in a database of its own (own_app: these tests commit for real, from two
sessions at once): both read the same version, both write; the second write fails
(StaleDataError; on SQLite the database may refuse it first) and is answered the same way.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app import create_app
from app.accounts.models import Role
from app.clock import utcnow
from app.extensions import db
from app.notifications.models import Notification
from app.stories.models import ModerationAction, ModerationLogEntry, Story, StoryStatus
from app.stories.moderation import services
from tests.conftest import RequestIsolatingClient, _test_database_url, reset_and_migrate
from tests.factories import field_error, login, make_user, reload
from tests.stories.factories import make_story, report_story

S = StoryStatus
CONFLICT = "Another moderator (or the author) changed this story while you were looking at it"


def english(app, user):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    login(client, user)
    return client


def page_version(html: str) -> int:
    versions = set(re.findall(r'name="version"[^>]*value="(\d+)"', html))
    assert len(versions) == 1, versions
    return int(versions.pop())


def log_of(story_id: int) -> list[tuple[ModerationAction, int | None]]:
    db.session.expire_all()
    return [
        (e.action, e.moderator_id)
        for e in db.session.scalars(
            select(ModerationLogEntry)
            .where(ModerationLogEntry.story_id == story_id)
            .order_by(ModerationLogEntry.id)
        )
    ]


@pytest.fixture
def two(app):
    first = make_user(Role.MODERATOR, display_name="Mod One")
    second = make_user(Role.ADMIN, display_name="Mod Two")
    return SimpleNamespace(
        first=first, second=second, one=english(app, first), two=english(app, second)
    )


# --- a stale page ----------------------------------------------------------------------------

# What moderator 1 sends from the page (the story is in `start`): action and data.
STALE_ACTIONS = [
    (S.PENDING, "approve", {}),
    (S.PENDING, "reject", {"rejection_reason": "My reason, typed with care"}),
    (S.PUBLISHED, "feature", {}),
    (S.PUBLISHED, "unpublish", {"unpublish_reason": "My reason, typed with care"}),
    (S.UNPUBLISHED, "republish", {}),
    (S.HIDDEN, "restore", {}),
    (S.PUBLISHED, "dismiss-reports", {}),
]


def _story(start: StoryStatus) -> Story:
    story = make_story(status=start, published_at=None if start == S.PENDING else utcnow())
    for _ in range(3 if start in (S.HIDDEN, S.PUBLISHED) else 0):
        report_story(story)
    if start == S.PUBLISHED:
        story.featured_at = None
    return story


@pytest.mark.parametrize(("start", "action", "data"), STALE_ACTIONS)
def test_an_action_from_a_stale_page_is_refused_and_shows_the_story_now(two, start, action, data):
    story = _story(start)
    # Moderator 1 opens the page; moderator 2 edits the text meanwhile (the action still
    # applies: only the version tells that moderator 1 has not seen the change).
    page = two.one.get(f"/moderation/stories/{story.id}").get_data(as_text=True)
    seen = page_version(page)
    response = two.two.post(
        f"/moderation/stories/{story.id}/edit",
        data={"version": seen, "title": "Title by Mod Two", "body": story.body, "note": "Typo"},
    )
    assert response.status_code == 302
    before = reload(story)
    state = (before.status, before.featured_at, before.version, len(before.open_reports))

    response = two.one.post(
        f"/moderation/stories/{story.id}/{action}", data={"version": seen, **data}
    )

    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert CONFLICT in html
    assert "Title by Mod Two" in html  # the story as it is now
    assert re.search(r"Edited by Mod Two \(Typo\)", html)  # who did what
    assert page_version(html) == before.version  # acting again means acting on this version
    if data:
        assert "My reason, typed with care" in html  # kept, not lost
    story = reload(story)
    assert (story.status, story.featured_at, story.version, len(story.open_reports)) == state
    assert story.title == "Title by Mod Two"
    assert log_of(story.id) == [(ModerationAction.EDIT, two.second.id)]
    assert (
        db.session.scalars(
            select(Notification).where(Notification.user_id == story.author_id)
        ).all()
        == []
    )


def test_the_second_of_two_decisions_is_refused(two):
    story = _story(S.PENDING)
    seen = page_version(two.one.get(f"/moderation/stories/{story.id}").get_data(as_text=True))
    assert (
        two.two.post(f"/moderation/stories/{story.id}/approve", data={"version": seen}).status_code
        == 302
    )
    response = two.one.post(
        f"/moderation/stories/{story.id}/reject",
        data={"version": seen, "rejection_reason": "Names a neighbour"},
    )
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert CONFLICT in html and "Approved by Mod Two" in html
    assert "Names a neighbour" in html  # what moderator 1 wrote, though rejecting is over
    story = reload(story)
    assert story.status == S.PUBLISHED and story.rejection_reason is None
    assert log_of(story.id) == [(ModerationAction.APPROVE, two.second.id)]


def test_an_edit_from_a_stale_page_keeps_the_text_typed_and_shows_the_text_now(two):
    story = make_story(status=S.PUBLISHED, title="The author's title", body="The author's text")
    form = two.one.get(f"/moderation/stories/{story.id}/edit").get_data(as_text=True)
    seen = page_version(form)
    assert (
        two.two.post(
            f"/moderation/stories/{story.id}/edit",
            data={
                "version": seen,
                "title": "Mod Two's title",
                "body": "Mod Two's text",
                "note": "A",
            },
        ).status_code
        == 302
    )

    response = two.one.post(
        f"/moderation/stories/{story.id}/edit",
        data={
            "version": seen,
            "title": "Mod One's title",
            "body": "Mod One's long work",
            "note": "B",
        },
    )

    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert CONFLICT in html
    current = re.search(r'id="current-text">(.*?)</div>', html, re.S).group(1)
    assert "Mod Two&#39;s title" in current and "Mod Two's text" in current
    assert 'value="Mod One&#39;s title"' in html  # what moderator 1 typed, still in the form
    assert "Mod One&#39;s long work</textarea>" in html
    assert re.search(r">\s*B</textarea>", html)
    assert "Edited by Mod Two (A)" in html
    story = reload(story)
    assert (story.title, story.body) == ("Mod Two's title", "Mod Two's text")
    assert len(story.revisions) == 1
    assert log_of(story.id) == [(ModerationAction.EDIT, two.second.id)]
    # Having seen the text now, moderator 1 may still save theirs: it is on this version.
    assert page_version(html) == story.version
    response = two.one.post(
        f"/moderation/stories/{story.id}/edit",
        data={
            "version": story.version,
            "title": "Mod One's title",
            "body": "Mod One's long work",
            "note": "B",
        },
    )
    assert response.status_code == 302
    story = reload(story)
    assert story.body == "Mod One's long work"
    assert [r.body for r in story.revisions] == ["The author's text", "Mod Two's text"]


def test_a_stale_page_with_an_invalid_form_is_told_about_the_change_first(two):
    story = _story(S.PENDING)
    seen = story.version
    two.two.post(f"/moderation/stories/{story.id}/approve", data={"version": seen})
    response = two.one.post(
        f"/moderation/stories/{story.id}/reject", data={"version": seen, "rejection_reason": ""}
    )
    assert response.status_code == 409
    assert CONFLICT in response.get_data(as_text=True)


def test_an_author_editing_meanwhile_is_a_change_too(two):
    story = _story(S.PENDING)
    seen = story.version
    story.body = "The author changed a sentence."  # as the author's own edit would
    db.session.flush()
    response = two.one.post(f"/moderation/stories/{story.id}/approve", data={"version": seen})
    assert response.status_code == 409
    assert reload(story).status == S.PENDING


def test_the_service_checks_the_version(two):
    story = _story(S.PENDING)
    with pytest.raises(services.StoryChanged):
        services.approve_story(story, two.first, story.version - 1)
    with pytest.raises(services.StoryChanged):
        services.approve_story(story, two.first, None)
    assert story.status == S.PENDING


def test_a_stale_edit_form_missing_a_field_keeps_what_was_typed(two):
    story = _story(S.PENDING)
    seen = story.version
    two.two.post(f"/moderation/stories/{story.id}/approve", data={"version": seen})
    response = two.one.post(
        f"/moderation/stories/{story.id}/edit",
        data={"version": seen, "title": "Typed title", "body": "Typed body", "note": ""},
    )
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert CONFLICT in html and "Typed body</textarea>" in html
    assert "Say why" in (field_error(html, "note") or "")


# --- a true race: two sessions, committed for real ------------------------------------------


@pytest.fixture(scope="module")
def race_app(tmp_dir):
    """An app on a database of its own: these tests commit, which the others never see."""
    app = create_app(
        "testing", overrides={"SQLALCHEMY_DATABASE_URI": _test_database_url(tmp_dir, "_race")}
    )
    app.test_client_class = RequestIsolatingClient
    reset_and_migrate(app)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def race(race_app):
    with race_app.app_context():
        first = make_user(Role.MODERATOR, display_name="Mod One")
        second = make_user(Role.MODERATOR, display_name="Mod Two")
        story = make_story(status=S.PENDING, title="Raced story")
        db.session.commit()
        yield SimpleNamespace(app=race_app, first=first, second=second, story_id=story.id)
        db.session.remove()


def _reject_in_other_session(story_id: int, moderator_id: int) -> None:
    """Moderator 2's whole request, in its own session and connection: reject and commit."""
    with Session(db.engine) as other:
        story = other.get(Story, story_id)
        story.status = S.REJECTED
        story.rejection_reason = "Too short (said Mod Two)"
        other.add(
            ModerationLogEntry(
                action=ModerationAction.REJECT, story_id=story_id, moderator_id=moderator_id
            )
        )
        other.commit()


def _fresh(story_id: int) -> Story:
    with Session(db.engine) as reader:
        story = reader.get(Story, story_id)
        reader.expunge(story)
        return story


@pytest.mark.own_app
def test_two_sessions_writing_the_same_version_the_second_fails(race):
    """Both sessions read version 1 before either writes (each in a transaction that is over,
    as two requests that read at the same instant): the second UPDATE matches no row."""
    with Session(db.engine, expire_on_commit=False) as one:
        story = one.get(Story, race.story_id)
        one.commit()  # the read is done; the write comes in a transaction of its own
        _reject_in_other_session(race.story_id, race.second.id)
        story.featured_at = utcnow()
        with pytest.raises(StaleDataError):
            one.commit()
        one.rollback()
    now = _fresh(race.story_id)
    assert now.status == S.REJECTED and now.featured_at is None and now.version == 2


@pytest.mark.own_app
def test_a_write_after_another_commit_in_an_open_transaction_is_a_lost_race(race):
    """Reading and writing in one transaction, as a request does: PostgreSQL gets as far as the
    UPDATE (no row at that version: StaleDataError); SQLite refuses the write from the old
    snapshot first. Both are the same conflict."""
    with Session(db.engine) as one:
        story = one.get(Story, race.story_id)
        sent = story.version
        _reject_in_other_session(race.story_id, race.second.id)
        story.status = S.PUBLISHED
        with pytest.raises((StaleDataError, OperationalError)) as failed:
            one.commit()
        one.rollback()
        if db.engine.dialect.name == "postgresql":
            assert failed.type is StaleDataError
    assert services.lost_race(failed.value, _fresh(race.story_id).version, sent)
    assert _fresh(race.story_id).status == S.REJECTED


@pytest.mark.own_app
@pytest.mark.parametrize("page", ["approve", "edit"])
def test_a_request_that_loses_the_race_answers_409(race, monkeypatch, page):
    """Moderator 2's reject commits while moderator 1's request is between its version check
    and its write: moderator 1 gets the conflict page, and nothing of theirs is saved."""
    if db.engine.dialect.name == "sqlite":
        pytest.skip(
            "on SQLite a writing request holds the write lock from its first statement, so no "
            "rival commits inside it (it waits its turn: tests/test_sqlite_writers.py)"
        )
    original = services.log_action
    raced = []

    def log_action_after_a_rival_commit(*args, **kwargs):
        # Called inside the service after the story was changed in memory, before its UPDATE
        # is flushed: the moment another request may commit first.
        if not raced:
            raced.append(True)
            _reject_in_other_session(race.story_id, race.second.id)
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "log_action", log_action_after_a_rival_commit)
    client = english(race.app, race.first)
    if page == "approve":
        response = client.post(f"/moderation/stories/{race.story_id}/approve", data={"version": 1})
    else:
        response = client.post(
            f"/moderation/stories/{race.story_id}/edit",
            data={"version": 1, "title": "Mod One's title", "body": "Mod One's text", "note": "N"},
        )

    assert raced, "the rival commit did not happen"
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert CONFLICT in html
    assert "Rejected by Mod Two" in html  # who did what, in the latest actions
    if page == "edit":
        assert "Mod One&#39;s text</textarea>" in html
    now = _fresh(race.story_id)
    assert now.status == S.REJECTED and now.title == "Raced story" and now.version == 2
    with Session(db.engine) as reader:
        actions = reader.execute(
            select(ModerationLogEntry.action, ModerationLogEntry.moderator_id).where(
                ModerationLogEntry.story_id == race.story_id
            )
        ).all()
        assert actions == [(ModerationAction.REJECT, race.second.id)]
        notified = reader.scalars(
            select(Notification).where(Notification.user_id == now.author_id)
        ).all()
        assert notified == []
