"""Comments on ideas: writing one, hidden ones, and readers' reports (once each, never one's
own)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.accounts.models import Role
from app.clock import utcnow
from app.extensions import db
from app.ideas.models import CommentReport, IdeaComment
from tests.factories import field_error, login, make_user
from tests.ideas.factories import comment_on, make_idea, report_comment

HIDDEN_TEXT = "Call my neighbour Kim at 010-9876-5432"
REASON = "It named a private person."


@pytest.fixture
def client(english_client):
    return english_client


@pytest.fixture
def idea():
    return make_idea(title="Warm shelters open later")


def comment_count() -> int:
    return db.session.scalar(select(func.count(IdeaComment.id)))


def report_count() -> int:
    return db.session.scalar(select(func.count(CommentReport.id)))


def hide(comment: IdeaComment, reason: str = REASON) -> None:
    comment.hidden_at = utcnow()
    comment.hidden_reason = reason
    comment.hidden_by = make_user(Role.MODERATOR)
    db.session.flush()


def report_path(comment: IdeaComment) -> str:
    return f"/ideas/comments/{comment.id}/report"


# --- writing ------------------------------------------------------------------------------------


def test_a_comment_is_posted_and_shown_last(client, resident, idea):
    first = comment_on(idea, body="The first comment.")
    login(client, resident)
    response = client.post(
        f"/ideas/{idea.id}/comments", data={"new-comment-body": "  Yes, <b>please</b>!\r\nSoon.  "}
    )
    assert response.status_code == 302
    posted = db.session.scalars(select(IdeaComment).where(IdeaComment.id != first.id)).one()
    assert response.headers["Location"] == f"/ideas/{idea.id}#comment-{posted.id}"
    assert posted.author_id == resident.id and posted.body == "Yes, <b>please</b>!\nSoon."
    html = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert html.index("The first comment.") < html.index("Yes, &lt;b&gt;please&lt;/b&gt;!")
    assert '<p class="pre-line">Yes, &lt;b&gt;please&lt;/b&gt;!\nSoon.</p>' in html
    assert f'id="comment-{posted.id}"' in html and resident.display_name in html


INVALID = {
    "empty": ("", "Write a comment."),
    "blank": (" \r\n\t ", "Write a comment."),
    "too long": ("x" * 2001, "Use at most 2000 characters."),
}


@pytest.mark.parametrize("case", INVALID)
def test_an_invalid_comment_is_refused_at_the_field(client, resident, idea, case):
    body, message = INVALID[case]
    login(client, resident)
    response = client.post(f"/ideas/{idea.id}/comments", data={"new-comment-body": body})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert field_error(html, "new-comment-body") == message
    assert "<h1>Warm shelters open later</h1>" in html  # the idea's page, shown again
    # Sent to #comment-form, so the page comes back open at the form and its message, where
    # the person was, not at the top of the idea.
    assert re.search(
        rf'<form id="comment-form" method="post" action="/ideas/{idea.id}/comments#comment-form"',
        html,
    )
    assert comment_count() == 0


def test_a_refused_comment_is_answered_at_its_form_with_what_was_written(client, resident, idea):
    """A refusal (here: the form was sent before, and its comment is gone) is shown at the
    comment's field, on the page opened at the form, not flashed at the top of the idea."""
    login(client, resident)
    data = {"new-comment-body": "Open on Sundays too", "new-comment-submission_key": "k" * 32}
    assert client.post(f"/ideas/{idea.id}/comments", data=data).status_code == 302
    db.session.delete(db.session.scalars(select(IdeaComment)).one())
    db.session.flush()
    response = client.post(f"/ideas/{idea.id}/comments", data=data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert field_error(html, "new-comment-body").startswith("This form was already sent")
    assert "Open on Sundays too</textarea>" in html
    assert f'action="/ideas/{idea.id}/comments#comment-form"' in html


def test_a_comment_of_2000_characters_is_fine(client, resident, idea):
    login(client, resident)
    response = client.post(f"/ideas/{idea.id}/comments", data={"new-comment-body": "x" * 2000})
    assert response.status_code == 302 and comment_count() == 1


def test_anonymous_readers_are_asked_to_log_in_to_comment(client, idea):
    html = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "Log in to comment." in html and 'name="new-comment-body"' not in html
    assert "No comments yet." in html


# --- hidden comments ----------------------------------------------------------------------------


@pytest.mark.parametrize("viewer", ["anonymous", "resident", "comment author"])
def test_a_hidden_comment_shows_the_reason_never_its_text(client, idea, viewer):
    author = make_user(display_name="Hidden Commenter")
    comment = comment_on(idea, author, HIDDEN_TEXT)
    comment_on(idea, body="A visible comment.")
    hide(comment)
    if viewer == "resident":
        login(client, make_user())
    elif viewer == "comment author":
        login(client, author)
    html = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert f"This comment was hidden by a moderator: {REASON}" in html
    assert "010-9876-5432" not in html and "Call my neighbour" not in html
    comments = html.split('<section id="comments"')[1]  # the header names whoever is logged in
    assert "Hidden Commenter" not in comments
    assert "A visible comment." in comments
    assert f'id="comment-{comment.id}"' in html  # links to it (notifications) still land
    assert report_path(comment) not in html


def test_a_hidden_reason_is_escaped(client, idea):
    comment = comment_on(idea)
    hide(comment, "<script>alert(1)</script>")
    html = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html


# --- reports ------------------------------------------------------------------------------------


def test_a_reader_reports_a_comment_once(client, resident, idea):
    comment = comment_on(idea)
    login(client, resident)
    html = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert (
        f'action="{report_path(comment)}#comment-{comment.id}"' in html
        and "Report this comment" in html
    )
    response = client.post(report_path(comment), data={f"report-{comment.id}-reason": " Rude "})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/ideas/{idea.id}#comment-{comment.id}"
    (report,) = db.session.scalars(select(CommentReport)).all()
    assert report.reporter_id == resident.id and report.reason == "Rude"
    assert report.resolved_at is None

    html = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "Thank you. A moderator will look at the comment." in html
    assert (
        f'action="{report_path(comment)}#comment-{comment.id}"' not in html
    )  # no second report form

    again = client.post(
        report_path(comment), data={f"report-{comment.id}-reason": "Again"}, follow_redirects=True
    )
    assert again.status_code == 200
    assert "You have already reported this comment." in again.get_data(as_text=True)
    assert report_count() == 1


def test_different_readers_each_report(client, idea):
    comment = comment_on(idea)
    report_comment(comment)
    login(client, make_user())
    client.post(report_path(comment), data={f"report-{comment.id}-reason": "Spam"})
    assert report_count() == 2


def test_nobody_reports_their_own_comment(client, idea):
    author = make_user()
    comment = comment_on(idea, author)
    login(client, author)
    html = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert report_path(comment) not in html
    response = client.post(report_path(comment), data={f"report-{comment.id}-reason": "Mine"})
    assert response.status_code == 403
    assert report_count() == 0


def test_a_hidden_comment_takes_no_reports(client, resident, idea):
    comment = comment_on(idea)
    hide(comment)
    login(client, resident)
    page = client.post(
        report_path(comment), data={f"report-{comment.id}-reason": "Rude"}, follow_redirects=True
    )
    assert "This comment is already hidden." in page.get_data(as_text=True)
    assert report_count() == 0


REPORT_INVALID = {
    "no reason": ("  ", "Say why you are reporting this comment."),
    "long reason": ("x" * 501, "Use at most 500 characters."),
}


@pytest.mark.parametrize("case", REPORT_INVALID)
def test_a_report_needs_a_short_reason(client, resident, idea, case):
    reason, message = REPORT_INVALID[case]
    comment = comment_on(idea)
    other = comment_on(idea)
    login(client, resident)
    response = client.post(report_path(comment), data={f"report-{comment.id}-reason": reason})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert field_error(html, f"report-{comment.id}-reason") == message
    assert field_error(html, f"report-{other.id}-reason") is None  # only that comment's form
    assert "<details open>" in html  # the form with the message is open
    # and the page opens at that comment (the form posts to its anchor)
    assert f'action="{report_path(comment)}#comment-{comment.id}"' in html
    assert report_count() == 0


def test_the_anonymous_see_no_report_forms(client, idea):
    comment = comment_on(idea)
    assert report_path(comment) not in client.get(f"/ideas/{idea.id}").get_data(as_text=True)


def test_hidden_comments_are_not_counted_on_the_list(client, idea):
    comment_on(idea)
    hide(comment_on(idea))
    hide(comment_on(idea))
    html = client.get("/ideas").get_data(as_text=True)
    assert "1 comment" in html and "3 comments" not in html
