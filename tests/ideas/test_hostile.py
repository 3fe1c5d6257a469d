"""Hostile text through every field of ideas, by the site's own forms: the citizen's title and
body, a comment, a report's reason, the administrator's department names, the staff member's
internal note and official response, the moderator's reason for hiding a comment, and the
people's display names. Then every page where any of it shows is read by each kind of visitor,
in both languages: nothing may be executable, and the payloads must be there, as text."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.accounts.models import Role
from app.extensions import db, limiter
from app.ideas.models import Department, Idea, IdeaComment, IdeaStatus
from tests.factories import login, make_area, make_category, make_user, reload
from tests.hostile import ALL_HOSTILE, HOSTILE_TEXTS, MARKER, executable_parts


def client_for(app, user, language: str):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    if user is not None:
        limiter.reset()  # many sign-ins in a minute here; the login limit is tested elsewhere
        login(client, user)
    return client


def post_ok(client, path: str, data: dict) -> None:
    response = client.post(path, data=data)
    errors = re.findall(r'<p class="error" id="([^"]+)">(.*?)</p>', response.get_data(as_text=True))
    assert response.status_code == 302, (path, errors)


def newest(model):
    return db.session.scalars(select(model).order_by(model.id.desc())).first()


def test_hostile_input_in_every_idea_field_runs_nowhere(app, monkeypatch):
    monkeypatch.setitem(app.config, "POSTING_RATE_LIMIT", "1000 per minute")  # many posts here
    author = make_user(display_name='<img src=x onerror=alert("author")>')
    neighbour = make_user(display_name="<svg onload=alert('neighbour')>")
    staff = make_user(Role.STAFF, display_name="<script>alert('staff')</script>")
    moderator = make_user(Role.MODERATOR, display_name='"><script>alert("mod")</script>')
    admin = make_user(Role.ADMIN)
    category = make_category()
    area = make_area()
    db.session.commit()
    as_author, as_neighbour = client_for(app, author, "en"), client_for(app, neighbour, "en")
    as_staff, as_moderator = client_for(app, staff, "en"), client_for(app, moderator, "en")

    post_ok(
        client_for(app, admin, "en"),
        "/admin/departments",
        {"name_ko": HOSTILE_TEXTS[0], "name_en": HOSTILE_TEXTS[2]},
    )
    department = newest(Department)

    ideas = []
    for text in HOSTILE_TEXTS:
        post_ok(
            as_author,
            "/ideas/new",
            {"title": text, "body": ALL_HOSTILE, "category": category.id, "area": area.id},
        )
        ideas.append(newest(Idea))
    assert [i.title for i in ideas] == [t.strip() for t in HOSTILE_TEXTS]
    answered, reviewed = ideas[0], ideas[1]

    post_ok(as_neighbour, f"/ideas/{answered.id}/support", {})
    for text in (ALL_HOSTILE, HOSTILE_TEXTS[3]):
        post_ok(as_neighbour, f"/ideas/{answered.id}/comments", {"new-comment-body": text})
    comments = db.session.scalars(
        select(IdeaComment).where(IdeaComment.idea_id == answered.id).order_by(IdeaComment.id)
    ).all()
    for comment in comments:
        post_ok(
            as_author,
            f"/ideas/comments/{comment.id}/report",
            {f"report-{comment.id}-reason": ALL_HOSTILE[:500]},
        )
    post_ok(
        as_moderator,
        f"/moderation/comments/{comments[0].id}/hide",
        {f"comment-{comments[0].id}-reason": ALL_HOSTILE[:500]},
    )

    for idea in (answered, reviewed):
        post_ok(
            as_staff,
            f"/staff/ideas/{idea.id}/assign",
            {
                "assign-department": department.id,
                "assign-assignee": staff.id,
                "assign-version": reload(idea).version,
            },
        )
        post_ok(as_staff, f"/staff/ideas/{idea.id}/notes", {"note-body": ALL_HOSTILE})
        post_ok(
            as_staff, f"/staff/ideas/{idea.id}/review", {"review-version": reload(idea).version}
        )
    post_ok(
        as_staff,
        f"/staff/ideas/{answered.id}/answer",
        {"version": reload(answered).version, "outcome": "partly_adopted", "response": ALL_HOSTILE},
    )
    assert reload(answered).status == IdeaStatus.ANSWERED
    assert reload(comments[0]).hidden_at is not None

    idea_pages = [f"/ideas/{i.id}" for i in ideas]
    public = ["/", "/ideas", "/ideas?sort=supported", "/ideas/accountability", *idea_pages]
    suggestions = [f"/api/ideas/similar?title={text}" for text in HOSTILE_TEXTS]
    pages = {
        None: public,
        author: public + ["/my/ideas", "/notifications"],
        neighbour: public + ["/notifications"],
        moderator: public + ["/moderation/comments"],
        staff: public
        + [
            "/staff/ideas",
            "/staff/ideas?overdue=y",
            *(f"/staff/ideas/{i.id}" for i in ideas),
            f"/staff/ideas/{answered.id}/answer",
        ],
        admin: ["/admin/departments", f"/admin/departments/{department.id}"],
    }
    read = 0
    for language in ("en", "ko"):
        for person, paths in pages.items():
            client = client_for(app, person, language)
            for path in paths:
                response = client.get(path)
                assert response.status_code == 200, (person, path, response.status_code)
                html = response.get_data(as_text=True)
                assert executable_parts(html) == [], (person, path)
                read += 1
            for path in suggestions if person is author else ():
                response = client.get(path)
                assert response.status_code == 200 and response.is_json, path
    assert read > 80

    # The payloads are there, as text, where each belongs.
    anonymous = client_for(app, None, "en")
    public_page = anonymous.get(f"/ideas/{answered.id}").get_data(as_text=True)
    assert public_page.count(MARKER) >= len(HOSTILE_TEXTS)  # body, response, comment
    for person, path in (
        (staff, f"/staff/ideas/{answered.id}"),
        (moderator, "/moderation/comments"),
        (admin, "/admin/departments"),
    ):
        assert MARKER in client_for(app, person, "en").get(path).get_data(as_text=True), path
