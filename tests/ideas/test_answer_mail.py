"""Answering an idea tells its author and every supporter, each in their language, in the site
and by email through a real SMTP server (tests/smtp.py); the answer is then public on the idea's
page. A new assignee is told by email too. Corrections tell nobody."""

from __future__ import annotations

from flask_babel import force_locale
from sqlalchemy import select

from app.accounts.models import Role
from app.extensions import db
from app.ideas.inbox import services as inbox
from app.ideas.labels import OUTCOME_LABELS
from app.ideas.models import IdeaOutcome, IdeaStatus
from app.notifications.models import EmailStatus, Notification, NotificationKind
from tests.factories import login, make_user, reload
from tests.ideas.factories import make_department, make_idea, support

TITLE = "Longer library hours in winter"
RESPONSE = "We will open the district libraries until 22:00 from December."


def _text(email) -> str:
    return email.get_content().replace("\r\n", "\n")


def _expected(language: str, department, idea) -> tuple[str, str]:
    """Subject and body as a reader of `language` gets them (from the catalog, whatever it
    holds today), to compare with what was sent."""
    with force_locale(language):
        values = {
            "title": TITLE,
            "department": department.name,
            "outcome": str(OUTCOME_LABELS[IdeaOutcome.ADOPTED]),
            "response": RESPONSE,
        }
        return str(inbox.ANSWERED_SUBJECT) % values, str(inbox.ANSWERED_BODY) % values


def test_answering_tells_the_author_and_supporters_in_their_languages(
    app, english_client, smtp_server, jobs
):
    department = make_department(name_ko="도서관정책과", name_en="Library Policy Division")
    author = make_user(display_name="Park Author", preferred_language="ko")
    korean_supporter = make_user(display_name="Choi Supporter")  # no choice: Korean
    english_supporter = make_user(display_name="Supporter Smith", preferred_language="en")
    staff = make_user(Role.STAFF, display_name="Answering Staff")
    idea = make_idea(author, IdeaStatus.UNDER_REVIEW, title=TITLE, department=department)
    support(idea, korean_supporter)
    support(idea, english_supporter)
    support(idea, staff)  # the one who answers is not told about their own answer

    login(english_client, staff)
    response = english_client.post(
        f"/staff/ideas/{idea.id}/answer",
        data={"version": idea.version, "outcome": "adopted", "response": RESPONSE},
    )
    assert response.status_code == 302
    assert smtp_server.greetings == 0  # the request did not wait for the mail server
    assert jobs.run() == 1  # the worker's part: one job for the three emails

    db.session.expire_all()
    told = db.session.scalars(
        select(Notification).where(Notification.kind == NotificationKind.IDEA_ANSWERED)
    ).all()
    by_person = {n.user_id: n for n in told}
    assert set(by_person) == {author.id, korean_supporter.id, english_supporter.id}
    link = f"/ideas/{idea.id}#response"
    for person, language in (
        (author, "ko"),
        (korean_supporter, "ko"),
        (english_supporter, "en"),
    ):
        notification = by_person[person.id]
        subject, body = _expected(language, department, idea)
        assert (notification.subject, notification.body) == (subject, body)
        assert notification.link == link
        assert notification.email_status == EmailStatus.SENT
    english = by_person[english_supporter.id]
    assert english.subject == f"The city answered the idea “{TITLE}”"
    assert "Library Policy Division" in english.body and "Adopted" in english.body
    assert "도서관정책과" in by_person[author.id].body  # the department in Korean

    # One email each, through the SMTP server, with the link to the answer.
    emails = {r.rcpt_tos[0]: r.message for r in smtp_server.received}
    assert set(emails) == {author.email, korean_supporter.email, english_supporter.email}
    site = app.config["SITE_URL"].rstrip("/")
    for person in (author, korean_supporter, english_supporter):
        email = emails[person.email]
        assert email["Subject"] == by_person[person.id].subject
        body = _text(email)
        assert f"\n{site}{link}\n" in body
        assert RESPONSE in body
    assert emails[english_supporter.email]["Content-Language"] == "en"
    assert emails[author.email]["Content-Language"] == "ko"

    # The answer is public now, on the idea's page, for anyone.
    english_client.post("/logout")
    page = english_client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert RESPONSE in page
    assert "Adopted" in page
    assert "Library Policy Division" in page
    assert "Answering Staff" not in page  # who answered stays internal


def test_correcting_the_response_sends_nothing(english_client, smtp_server, jobs):
    idea = make_idea(status=IdeaStatus.ANSWERED, department=make_department())
    support(idea, make_user(preferred_language="en"))
    login(english_client, make_user(Role.STAFF))
    response = english_client.post(
        f"/staff/ideas/{idea.id}/answer",
        data={"version": idea.version, "outcome": "adopted", "response": "Fixed a typo."},
    )
    assert response.status_code == 302
    assert reload(idea).response == "Fixed a typo."
    assert jobs.run() == 0
    assert smtp_server.received == []
    assert db.session.scalars(select(Notification)).all() == []


def test_a_new_assignee_is_emailed(app, english_client, smtp_server, jobs):
    colleague = make_user(Role.STAFF, preferred_language="en")
    idea = make_idea(title=TITLE)
    login(english_client, make_user(Role.STAFF, display_name="Team Lead"))
    english_client.post(
        f"/staff/ideas/{idea.id}/assign",
        data={"assign-version": idea.version, "assign-assignee": colleague.id},
    )
    jobs.run()
    (received,) = smtp_server.received
    assert received.rcpt_tos == [colleague.email]
    assert received.message["Subject"] == f"An idea for you to answer: “{TITLE}”"
    body = _text(received.message)
    assert "Team Lead" in body
    assert f"{app.config['SITE_URL'].rstrip('/')}/staff/ideas/{idea.id}\n" in body
