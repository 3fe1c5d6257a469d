"""Notifications on the site: written in the recipient's language, the notifications page (own
notifications only), opening one, marking all read, the unread count in the navigation."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import event

from app.clock import utcnow
from app.extensions import db
from app.notifications.models import EmailStatus, Notification, NotificationKind
from app.notifications.services import (
    PER_PAGE,
    SUBJECT_LENGTH,
    mark_all_read,
    notify,
    notify_all,
    unread_count,
)
from tests.factories import login, make_organisation, make_user, reload
from tests.roles import LOGIN, assert_status

# Strings the catalogs already translate, so that the language really changes.
SUBJECT = "%(name)s is verified and listed."
BODY = (
    "%(name)s is registered. An administrator will verify it; until then only you can see its page."
)


def _lazy(text):
    from flask_babel import lazy_gettext

    return lazy_gettext(text)


def make_notification(user, link="/organisations", subject="Subject", body="Body", **fields):
    notification = notify(
        user, NotificationKind.CONSORTIUM_INVITATION, link=link, subject=subject, body=body
    )
    assert notification is not None
    for key, value in fields.items():
        setattr(notification, key, value)
    db.session.flush()
    return notification


# --- notify() ------------------------------------------------------------------------------------


def test_a_person_who_deleted_their_account_is_told_nothing():
    gone, here = make_user(), make_user()
    gone.deleted_at = utcnow()
    notify_all([gone, here], NotificationKind.IDEA_ANSWERED, link="/ideas", subject="S", body="B")
    recipients = db.session.scalars(db.select(Notification.user_id)).all()
    assert recipients == [here.id]


@pytest.mark.parametrize(
    ("language", "subject_start", "body_part"),
    [
        ("ko", "희망단체", "관리자가 인증하기 전까지는"),
        ("en", "Hope Group", "An administrator will verify it"),
        (None, "희망단체", "관리자가 인증하기 전까지는"),  # no choice: Korean, the site's default
    ],
)
def test_notify_writes_in_the_recipients_language(language, subject_start, body_part):
    organisation = make_organisation()
    recipient = make_user(preferred_language=language)
    notification = notify(
        recipient,
        NotificationKind.RESULTS_PUBLISHED,
        link="/organisations",
        subject=_lazy(SUBJECT),
        body=_lazy(BODY),
        name=lambda: organisation.name,  # called in the recipient's language
    )
    assert notification.subject.startswith(subject_start)
    assert body_part in notification.body
    expected_name = organisation.name_en if language == "en" else organisation.name_ko
    assert notification.subject.startswith(expected_name)


def test_one_request_notifies_people_in_their_own_languages():
    organisation = make_organisation()
    korean, english = make_user(preferred_language="ko"), make_user(preferred_language="en")
    notify_all(
        [korean, english, korean, None],
        NotificationKind.RESULTS_PUBLISHED,
        link="/organisations",
        subject=_lazy(SUBJECT),
        body=_lazy(BODY),
        name=lambda: organisation.name,
    )
    rows = {n.user_id: n for n in db.session.scalars(db.select(Notification))}
    assert set(rows) == {korean.id, english.id}  # each person once
    assert rows[korean.id].subject == f"{organisation.name_ko}을(를) 인증했고 목록에 올렸습니다."
    assert rows[english.id].subject == f"{organisation.name_en} is verified and listed."


def test_without_a_mail_server_nothing_is_queued_for_email(app, jobs):
    assert not app.config["MAIL_SERVER"]
    notification = make_notification(make_user())
    assert notification.email_status == EmailStatus.NOT_SENT
    db.session.commit()
    assert jobs.waiting() == 0


def test_a_long_title_cannot_make_the_subject_too_long():
    notification = make_notification(make_user(), subject="가" * 300)
    assert len(reload(notification).subject) == SUBJECT_LENGTH


# --- who may do what -----------------------------------------------------------------------------


@pytest.fixture
def mine_and_theirs():
    me, other = make_user(), make_user()
    return me, make_notification(me, link="/areas"), make_notification(other, link="/areas")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/notifications"),
        ("post", "/notifications/{mine}/read"),
        ("post", "/notifications/read-all"),
    ],
)
def test_anonymous_people_are_sent_to_log_in(client, mine_and_theirs, method, path):
    _, mine, _ = mine_and_theirs
    response = getattr(client, method)(path.format(mine=mine.id))
    assert_status(response, LOGIN)
    assert reload(mine).read_at is None


@pytest.mark.parametrize(
    ("whose", "expected"),
    [("mine", 302), ("theirs", 404), ("missing", 404)],
)
def test_only_the_recipient_may_open_a_notification(client, mine_and_theirs, whose, expected):
    me, mine, theirs = mine_and_theirs
    login(client, me)
    target = {"mine": mine.id, "theirs": theirs.id, "missing": theirs.id + 1000}[whose]
    response = client.post(f"/notifications/{target}/read")
    assert_status(response, expected)
    assert (reload(mine).read_at is not None) == (whose == "mine")
    assert reload(theirs).read_at is None


def test_the_page_shows_only_my_notifications(english_client, mine_and_theirs):
    me, mine, theirs = mine_and_theirs
    mine.subject, theirs.subject = "Your invitation", "Somebody else's invitation"
    db.session.flush()
    login(english_client, me)
    html = english_client.get("/notifications").get_data(as_text=True)
    assert "Your invitation" in html
    assert "Somebody else&#39;s invitation" not in html and "Somebody else" not in html
    assert f"/notifications/{theirs.id}/read" not in html


# --- the page ------------------------------------------------------------------------------------


def test_newest_first_with_unread_ones_marked_in_text(english_client):
    me = make_user()
    older = make_notification(
        me, subject="Older and read", created_at=utcnow() - timedelta(days=2), read_at=utcnow()
    )
    newer = make_notification(me, subject="Newer and unread")
    login(english_client, me)
    html = english_client.get("/notifications").get_data(as_text=True)
    assert html.index("Newer and unread") < html.index("Older and read")
    cards = re.findall(r'<li class="card">(.*?)</li>', html, re.S)
    assert len(cards) == 2
    assert "Unread" in cards[0] and "Unread" not in cards[1]
    assert "You have 1 unread notification." in html
    assert f'action="/notifications/{newer.id}/read"' in html
    assert f'action="/notifications/{older.id}/read"' in html
    assert "Mark all as read" in html


def test_user_text_in_a_notification_is_escaped(english_client):
    me = make_user()
    make_notification(me, subject="<b>bold</b>", body='<script>alert("x")</script>')
    login(english_client, me)
    html = english_client.get("/notifications").get_data(as_text=True)
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "<b>bold</b>" not in html


def test_empty_state(english_client):
    login(english_client, make_user())
    html = english_client.get("/notifications").get_data(as_text=True)
    assert "You have no notifications yet." in html
    assert "Mark all as read" not in html


def test_pages_of_notifications(english_client):
    me = make_user()
    for n in range(PER_PAGE + 1):
        make_notification(me, subject=f"Number {n:02d}", created_at=utcnow() - timedelta(hours=n))
    login(english_client, me)
    first = english_client.get("/notifications").get_data(as_text=True)
    assert "Number 00" in first and f"Number {PER_PAGE:02d}" not in first
    assert "Page 1 of 2" in first
    second = english_client.get("/notifications?page=2").get_data(as_text=True)
    assert f"Number {PER_PAGE:02d}" in second and "Number 00" not in second
    assert english_client.get("/notifications?page=3").status_code == 404


# --- opening, marking read -----------------------------------------------------------------------


def test_opening_marks_read_and_goes_to_the_link(client):
    me = make_user()
    notification = make_notification(me, link="/organisations?page=2")
    login(client, me)
    response = client.post(f"/notifications/{notification.id}/read")
    assert response.status_code == 302
    assert response.headers["Location"] == "/organisations?page=2"
    first_read = reload(notification).read_at
    assert first_read is not None
    client.post(f"/notifications/{notification.id}/read")  # again: the first time stays
    assert reload(notification).read_at == first_read


@pytest.mark.parametrize(
    "link",
    ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", "/\\evil.example", ""],
)
def test_a_link_off_the_site_is_never_followed(client, link):
    me = make_user()
    notification = make_notification(me, link=link)
    login(client, me)
    response = client.post(f"/notifications/{notification.id}/read")
    assert response.headers["Location"] == "/notifications"
    assert reload(notification).read_at is not None


def test_mark_all_read_touches_only_mine(english_client, mine_and_theirs):
    me, mine, theirs = mine_and_theirs
    second = make_notification(me)
    login(english_client, me)
    response = english_client.post("/notifications/read-all", follow_redirects=True)
    assert "All your notifications are marked as read." in response.get_data(as_text=True)
    assert reload(mine).read_at is not None and reload(second).read_at is not None
    assert reload(theirs).read_at is None
    again = english_client.post("/notifications/read-all", follow_redirects=True)
    assert "You had no unread notifications." in again.get_data(as_text=True)


def test_mark_all_read_counts(app):
    me = make_user()
    make_notification(me)
    make_notification(me, read_at=utcnow())
    assert mark_all_read(me) == 1
    assert unread_count(me) == 0


@pytest.mark.parametrize("path", ["/notifications/{id}/read", "/notifications/read-all"])
def test_changes_need_a_csrf_token(client, request, path):
    me = make_user()
    notification = make_notification(me)
    login(client, me)
    request.getfixturevalue("csrf_on")
    response = client.post(path.format(id=notification.id))
    assert response.status_code == 400
    assert reload(notification).read_at is None


def test_the_page_carries_csrf_tokens(client, request):
    me = make_user()
    make_notification(me)
    login(client, me)
    request.getfixturevalue("csrf_on")
    html = client.get("/notifications").get_data(as_text=True)
    forms = re.findall(r'<form[^>]*method="post".*?</form>', html, re.S)
    assert len(forms) >= 3  # open, mark all as read, log out (and the language switch)
    assert all('name="csrf_token"' in form for form in forms)


# --- the navigation ------------------------------------------------------------------------------


def test_the_navigation_says_how_many_are_unread(english_client):
    me = make_user()
    make_notification(me)
    make_notification(me)
    make_notification(me, read_at=utcnow())
    make_notification(make_user())  # someone else's
    login(english_client, me)
    html = english_client.get("/").get_data(as_text=True)
    assert '<a href="/notifications">Notifications (2 unread)</a>' in html
    english_client.post("/notifications/read-all")
    html = english_client.get("/").get_data(as_text=True)
    assert '<a href="/notifications">Notifications</a>' in html


def test_the_navigation_count_is_in_korean_too(client):
    me = make_user(preferred_language="ko")
    make_notification(me)
    login(client, me)
    html = client.get("/").get_data(as_text=True)
    assert re.search(r'<a href="/notifications">[^<]*1[^<]*</a>', html)


def test_anonymous_visitors_have_no_notifications_link_and_no_query(client, app):
    statements = _notification_queries(app)
    with statements:
        html = client.get("/").get_data(as_text=True)
    assert 'href="/notifications"' not in html
    assert statements.count == 0


@pytest.mark.parametrize("path", ["/", "/notifications", "/organisations"])
def test_one_count_query_per_page(client, app, path):
    me = make_user()
    make_notification(me)
    login(client, me)
    statements = _notification_queries(app)
    with statements:
        assert client.get(path).status_code == 200
    # One unread COUNT, shared by the navigation and the notifications page's own sentence.
    assert statements.unread_counts == 1
    if path != "/notifications":  # (which also pages through the list)
        assert statements.count == 1


class _notification_queries:  # noqa: N801  (reads as a function in the tests)
    """Counts the SQL statements that read the notifications table while active."""

    def __init__(self, app):
        with app.app_context():
            self.engine = db.engine
        self.count = self.unread_counts = 0

    def _seen(self, conn, cursor, statement, parameters, context, executemany):
        lowered = statement.lower()
        if "from notifications" in lowered:
            self.count += 1
            self.unread_counts += "count(" in lowered and "read_at is null" in lowered

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._seen)


def test_links_can_be_made_in_commands_too(app):
    """In a CLI command (no request) url_for() would need SERVER_NAME."""
    from app.notifications.services import local_path

    assert local_path("notifications.index") == "/notifications"
    assert local_path("organisations.index", page=2) == "/organisations?page=2"
    with app.test_request_context():
        assert local_path("organisations.index", page=2) == "/organisations?page=2"
