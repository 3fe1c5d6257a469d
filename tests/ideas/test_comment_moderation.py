"""Moderating comments on ideas: who may (role x route), the reason a hidden comment shows in
its place, reports settled by hiding or dismissing, the author told in their language (in the
site and by email through a real SMTP server), state checks, validation and CSRF."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from flask import render_template
from flask_babel import force_locale
from flask_login import login_user
from sqlalchemy import select

from app.accounts.models import Role
from app.extensions import db
from app.ideas.comments import services as moderation
from app.ideas.models import CommentReport
from app.notifications.models import Notification, NotificationKind
from tests.factories import field_error, login, make_user, reload
from tests.ideas.factories import comment_on, make_idea, report_comment
from tests.roles import LOGIN, assert_status

ROLES = ["anonymous", "resident", "staff", "moderator", "admin"]
REASON = "Personal details of a neighbour"


@pytest.fixture
def client(english_client):
    return english_client


@pytest.fixture
def world():
    author = make_user(display_name="Comment Author", preferred_language="en")
    idea = make_idea(title="Warm shelters open later")
    comment = comment_on(idea, author, "Call the officer at 010-1234-5678")
    first = report_comment(comment, reason="Contains a phone number")
    second = report_comment(comment, reason="Rude")
    people = {role.value: make_user(role) for role in (Role.RESIDENT, Role.STAFF, Role.MODERATOR)}
    people["admin"] = make_user(Role.ADMIN)
    return SimpleNamespace(
        idea=idea, comment=comment, author=author, reports=[first, second], people=people
    )


def sign_in(client, world, who: str):
    if who != "anonymous":
        login(client, world.people[who])


def _expect(allowed, refused=403):
    return {
        "anonymous": LOGIN,
        "resident": refused,
        "staff": refused,
        "moderator": allowed,
        "admin": allowed,
    }


# name: (method, path, expected per person)
ROUTES = {
    "queue": ("GET", "/moderation/comments", _expect(200)),
    "hide": ("POST", "/moderation/comments/{comment}/hide", _expect(302)),
    "dismiss": ("POST", "/moderation/comments/{comment}/dismiss", _expect(302)),
}


def _send(client, world, route: str):
    method, template, _expected = ROUTES[route]
    path = template.format(comment=world.comment.id)
    if method == "GET":
        return client.get(path)
    return client.post(path, data={f"comment-{world.comment.id}-reason": REASON})


@pytest.mark.parametrize("who", ROLES)
def test_the_queue_is_for_moderators(client, world, who):
    sign_in(client, world, who)
    assert_status(_send(client, world, "queue"), ROUTES["queue"][2][who])


@pytest.mark.parametrize("who", ROLES)
def test_hiding_is_for_moderators(client, world, who):
    sign_in(client, world, who)
    assert_status(_send(client, world, "hide"), ROUTES["hide"][2][who])
    assert reload(world.comment).is_hidden == (who in ("moderator", "admin"))


@pytest.mark.parametrize("who", ROLES)
def test_dismissing_is_for_moderators(client, world, who):
    sign_in(client, world, who)
    assert_status(_send(client, world, "dismiss"), ROUTES["dismiss"][2][who])
    assert bool(reload(world.comment).open_reports) == (who not in ("moderator", "admin"))


@pytest.mark.parametrize("action", ["hide", "dismiss"])
def test_a_missing_comment_is_404(client, world, action):
    login(client, world.people["moderator"])
    response = client.post(f"/moderation/comments/999999/{action}", data={"reason": "x"})
    assert response.status_code == 404


def test_hiding_shows_the_reason_settles_reports_and_tells_the_author(
    client, world, smtp_server, jobs
):
    moderator = world.people["moderator"]
    login(client, moderator)
    idea_page = f"/ideas/{world.idea.id}"
    response = client.post(
        f"/moderation/comments/{world.comment.id}/hide",
        data={f"comment-{world.comment.id}-reason": f"  {REASON}  ", "next": idea_page},
    )
    assert response.status_code == 302 and response.headers["Location"] == idea_page
    comment = reload(world.comment)
    assert comment.is_hidden and comment.hidden_reason == REASON
    assert comment.hidden_by_id == moderator.id
    assert not comment.open_reports
    assert all(r.resolved_by_id == moderator.id for r in comment.reports)

    # The public idea page shows the reason in the comment's place, not the comment.
    html = client.get(idea_page).get_data(as_text=True)
    assert REASON in html and "010-1234-5678" not in html

    # The author is told, in English (their language), in the site and by email.
    (notification,) = db.session.scalars(
        select(Notification).where(Notification.user_id == world.author.id)
    ).all()
    assert notification.kind == NotificationKind.COMMENT_HIDDEN
    assert notification.subject == "Your comment on “Warm shelters open later” was hidden"
    assert REASON in notification.body
    assert notification.link == f"{idea_page}#comment-{world.comment.id}"
    jobs.run()
    (email,) = smtp_server.messages
    assert world.author.email in email["To"]
    assert "Warm shelters open later" in email["Subject"]
    assert REASON in email.get_body(("plain",)).get_content()


def test_a_korean_author_is_told_in_korean(client, world):
    world.author.preferred_language = "ko"
    db.session.flush()
    login(client, world.people["admin"])
    client.post(
        f"/moderation/comments/{world.comment.id}/hide",
        data={f"comment-{world.comment.id}-reason": REASON},
    )
    notification = db.session.scalars(
        select(Notification).where(Notification.user_id == world.author.id)
    ).one()
    # In the Korean catalog's words (the same msgid, rendered as a Korean reader gets it).
    with force_locale("ko"):
        subject = str(moderation.HIDDEN_SUBJECT) % {"title": world.idea.title}
    assert notification.subject == subject


def test_hiding_a_hidden_comment_is_refused(client, world):
    login(client, world.people["moderator"])
    url = f"/moderation/comments/{world.comment.id}/hide"
    field = f"comment-{world.comment.id}-reason"
    client.post(url, data={field: REASON})
    response = client.post(url, data={field: "Another reason"}, follow_redirects=True)
    assert "This comment is already hidden." in response.get_data(as_text=True)
    assert reload(world.comment).hidden_reason == REASON
    assert len(db.session.scalars(select(Notification)).all()) == 1  # told once


def test_dismissing_keeps_the_comment(client, world):
    moderator = world.people["moderator"]
    login(client, moderator)
    response = client.post(
        f"/moderation/comments/{world.comment.id}/dismiss", follow_redirects=True
    )
    assert "The reports are dismissed" in response.get_data(as_text=True)
    comment = reload(world.comment)
    assert not comment.is_hidden and not comment.open_reports
    assert {r.resolved_by_id for r in comment.reports} == {moderator.id}
    # Nothing left to dismiss: refused with a message.
    again = client.post(f"/moderation/comments/{world.comment.id}/dismiss", follow_redirects=True)
    assert "This comment has no open reports to dismiss." in again.get_data(as_text=True)
    assert not db.session.scalars(select(Notification)).all()


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Give a reason: readers see it in place of the comment."),
        ("   ", "Give a reason: readers see it in place of the comment."),
        ("x" * 501, "Use at most 500 characters."),
    ],
)
def test_a_reason_is_required_and_short(client, world, reason, message):
    login(client, world.people["moderator"])
    field = f"comment-{world.comment.id}-reason"
    response = client.post(
        f"/moderation/comments/{world.comment.id}/hide",
        data={field: reason, "next": f"/ideas/{world.idea.id}"},
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert field_error(html, field) == message
    # The form comes back with the idea page to return to; nothing was saved.
    assert f'name="next" value="/ideas/{world.idea.id}"' in html
    comment = reload(world.comment)
    assert not comment.is_hidden and len(comment.open_reports) == 2
    assert not db.session.scalars(select(Notification)).all()


def test_a_reason_of_500_characters_is_fine(client, world):
    login(client, world.people["moderator"])
    client.post(
        f"/moderation/comments/{world.comment.id}/hide",
        data={f"comment-{world.comment.id}-reason": "x" * 500},
    )
    assert reload(world.comment).hidden_reason == "x" * 500


def test_next_must_be_on_this_site(client, world):
    login(client, world.people["moderator"])
    response = client.post(
        f"/moderation/comments/{world.comment.id}/dismiss", data={"next": "https://evil.example/"}
    )
    assert response.headers["Location"] == "/moderation/comments"


def test_the_queue_lists_open_reports_first_with_reasons(client, world):
    settled = comment_on(world.idea, body="An old reported comment")
    report = report_comment(settled, reason="Spam")
    report.resolved_at = report.created_at
    quiet = comment_on(world.idea, body="Never reported")
    db.session.flush()
    login(client, world.people["moderator"])
    html = client.get("/moderation/comments").get_data(as_text=True)
    assert "1 comment has open reports." in html
    assert html.index(world.comment.body) < html.index(settled.body)
    assert quiet.body not in html
    assert "Contains a phone number" in html and "Rude" in html and "Spam" in html
    assert "2 open reports" in html and "Reports settled" in html
    assert f'href="/ideas/{world.idea.id}#comment-{world.comment.id}"' in html
    # One hide form per comment still visible, each with its own field.
    assert html.count(f'id="comment-{world.comment.id}-reason"') == 1
    assert html.count(f'id="comment-{settled.id}-reason"') == 1


def test_the_panel_under_a_comment_is_for_moderators(app, world):
    """ideas/_comment_moderation.html, as the idea page includes it."""

    def panel(user):
        with app.test_request_context("/ideas/1", headers={"Accept-Language": "en"}):
            if user is not None:
                login_user(user)
            return render_template("ideas/_comment_moderation.html", comment=world.comment)

    for who in ("resident", "staff"):
        assert panel(world.people[who]).strip() == ""
    assert panel(None).strip() == ""
    html = panel(world.people["moderator"])
    assert "2 open reports" in html
    assert f'action="/moderation/comments/{world.comment.id}/hide"' in html
    assert f'action="/moderation/comments/{world.comment.id}/dismiss"' in html
    assert f'<label for="comment-{world.comment.id}-reason">' in html
    assert f'value="/ideas/1#comment-{world.comment.id}"' in html
    world.comment.hidden_at, world.comment.hidden_reason = world.comment.created_at, REASON
    for report in world.reports:
        report.resolved_at = report.created_at
    assert "/hide" not in panel(world.people["moderator"])


def test_actions_need_a_csrf_token(client, world, csrf_on):
    login_page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
    moderator = world.people["moderator"]
    client.post(
        "/login",
        data={"csrf_token": token, "email": moderator.email, "password": "correct horse battery"},
    )
    field = f"comment-{world.comment.id}-reason"
    for action, data in (("hide", {field: REASON}), ("dismiss", {})):
        response = client.post(f"/moderation/comments/{world.comment.id}/{action}", data=data)
        assert response.status_code == 400
    assert not reload(world.comment).is_hidden
    # With the token the queue page gives, it works.
    html = client.get("/moderation/comments").get_data(as_text=True)
    prefixed = re.search(
        rf'name="comment-{world.comment.id}-csrf_token" type="hidden" value="([^"]+)"', html
    )
    response = client.post(
        f"/moderation/comments/{world.comment.id}/hide",
        data={f"comment-{world.comment.id}-csrf_token": prefixed.group(1), field: REASON},
    )
    assert response.status_code == 302
    assert reload(world.comment).is_hidden
    assert (
        db.session.scalars(select(CommentReport).where(CommentReport.resolved_at.is_(None))).all()
        == []
    )
