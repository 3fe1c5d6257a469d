"""Who may use the staff side of ideas: every route of the inbox, the staff idea page, the
export and the departments, for every role (with each action's effect, or its absence); missing
ideas and departments; the CSRF token on every POST; the staff panel on the public page."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from app.accounts.models import Role, User
from app.extensions import db
from app.ideas.models import Department, Idea, IdeaEvent, IdeaNote, IdeaStatus
from app.notifications.models import Notification
from tests.factories import login, make_user, reload
from tests.ideas.factories import make_department, make_idea
from tests.roles import LOGIN, assert_status

ROLES = ["anonymous", "resident", "org_member", "moderator", "staff", "admin"]
STAFF = {"staff", "admin"}


@dataclass
class World:
    idea: Idea  # received, held by `department`
    department: Department
    people: dict[str, User]


@pytest.fixture
def client(english_client):
    return english_client


@pytest.fixture
def world() -> World:
    people = {role: make_user(Role(role)) for role in ROLES[1:]}
    department = make_department()
    idea = make_idea(title="Warmer bus shelters", department=department)
    return World(idea, department, people)


def sign_in(client, world: World, who: str) -> None:
    if who != "anonymous":
        login(client, world.people[who])


def staff_only(who: str, allowed=200):
    return LOGIN if who == "anonymous" else (allowed if who in STAFF else 403)


def admin_only(who: str, allowed=200):
    return LOGIN if who == "anonymous" else (allowed if who == "admin" else 403)


def count(model, *conditions) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model).where(*conditions))


# --- pages ---------------------------------------------------------------------------------------

PAGES = {
    "inbox": ("/staff/ideas", staff_only),
    "inbox, filtered": ("/staff/ideas?status=received&assignee=me&overdue=1&sort=due", staff_only),
    "staff idea": ("/staff/ideas/{idea}", staff_only),
    "answer": ("/staff/ideas/{idea}/answer", staff_only),
    "export": ("/staff/ideas.csv", staff_only),
    "departments": ("/admin/departments", admin_only),
    "edit department": ("/admin/departments/{department}", admin_only),
}


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("page", PAGES)
def test_pages(client, world, who, page):
    path, table = PAGES[page]
    sign_in(client, world, who)
    response = client.get(path.format(idea=world.idea.id, department=world.department.id))
    assert_status(response, table(who))


@pytest.mark.parametrize("who", ["staff", "admin"])
def test_a_missing_idea_is_404_for_staff(client, world, who):
    sign_in(client, world, who)
    missing = "/staff/ideas/999999"
    for path in (missing, f"{missing}/answer"):
        assert client.get(path).status_code == 404
    for step in ("assign", "review", "answer", "notes"):
        assert client.post(f"{missing}/{step}", data={"note-body": "x"}).status_code == 404


def test_a_missing_department_is_404_for_administrators(client, world):
    sign_in(client, world, "admin")
    assert client.get("/admin/departments/999999").status_code == 404


@pytest.mark.parametrize("who", ["resident", "moderator"])
def test_others_learn_nothing_about_which_ideas_exist(client, world, who):
    sign_in(client, world, who)
    assert client.get("/staff/ideas/999999").status_code == 403
    assert client.get(f"/staff/ideas/{world.idea.id}").status_code == 403


# --- actions, each with its effect ----------------------------------------------------------------


def _assign(w: World):
    return f"/staff/ideas/{w.idea.id}/assign", {
        "assign-version": w.idea.version,
        "assign-department": w.department.id,
        "assign-assignee": w.people["staff"].id,
    }


def _bulk(w: World):
    return "/staff/ideas/assign", {
        "bulk-ideas": [w.idea.id],
        "bulk-assignee": w.people["admin"].id,
    }


def _review(w: World):
    return f"/staff/ideas/{w.idea.id}/review", {"review-version": w.idea.version}


def _answer(w: World):
    return f"/staff/ideas/{w.idea.id}/answer", {
        "version": w.idea.version,
        "outcome": "adopted",
        "response": "We will do it next winter.",
    }


def _note(w: World):
    return f"/staff/ideas/{w.idea.id}/notes", {"note-body": "Called the shelter operator."}


def _add_department(w: World):
    return "/admin/departments", {"name_ko": "노인복지과", "name_en": "Senior Welfare Division"}


def _edit_department(w: World):
    return f"/admin/departments/{w.department.id}", {
        "name_ko": "복지정책과(개편)",
        "name_en": "Welfare Policy (renamed)",
    }


def everything() -> tuple:
    """What any of the actions would change."""
    db.session.expire_all()
    ideas = tuple(
        db.session.execute(select(Idea.id, Idea.status, Idea.assignee_id, Idea.version)).all()
    )
    names = tuple(db.session.execute(select(Department.name_ko, Department.is_active)).all())
    return (
        ideas,
        names,
        count(IdeaEvent),
        count(IdeaNote),
        count(Department),
        count(Notification),
    )


POSTS = {
    "assign": (_assign, staff_only),
    "bulk assign": (_bulk, staff_only),
    "start review": (_review, staff_only),
    "answer": (_answer, staff_only),
    "note": (_note, staff_only),
    "add department": (_add_department, admin_only),
    "edit department": (_edit_department, admin_only),
}


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("action", POSTS)
def test_actions(client, world, who, action):
    build, table = POSTS[action]
    sign_in(client, world, who)
    before = everything()
    path, data = build(world)
    expected = table(who, allowed=302)
    assert_status(client.post(path, data=data), expected)
    changed = everything() != before
    assert changed == (expected == 302), f"{who} {action}: changed={changed}"


def test_the_effects_are_the_ones_meant(client, world):
    """The table above only sees that something changed; here, what."""
    login(client, world.people["admin"])
    for build in (_assign, _review):
        db.session.expire_all()  # the form carries the version as it is now
        path, data = build(world)
        assert client.post(path, data=data).status_code == 302
    idea = reload(world.idea)
    assert idea.assignee_id == world.people["staff"].id
    assert idea.status == IdeaStatus.UNDER_REVIEW


# --- CSRF ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("action", POSTS)
def test_every_post_needs_a_csrf_token(client, world, request, action):
    build, _ = POSTS[action]
    sign_in(client, world, "admin")
    request.getfixturevalue("csrf_on")
    before = everything()
    path, data = build(world)
    assert client.post(path, data=data).status_code == 400
    assert everything() == before


def test_the_staff_forms_carry_the_token_and_it_works(client, world, request):
    sign_in(client, world, "staff")
    request.getfixturevalue("csrf_on")
    for path in (
        f"/staff/ideas/{world.idea.id}",
        "/staff/ideas",
        f"/staff/ideas/{world.idea.id}/answer",
    ):
        page = client.get(path).get_data(as_text=True)
        forms = re.findall(r'<form[^>]*method="post".*?</form>', page, re.S)
        assert forms
        assert all(re.search(r'name="[\w-]*csrf_token"', form) for form in forms), path
    page = client.get(f"/staff/ideas/{world.idea.id}").get_data(as_text=True)
    token = re.search(r'name="note-csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = client.post(
        f"/staff/ideas/{world.idea.id}/notes",
        data={"note-csrf_token": token, "note-body": "Checked with the district office."},
    )
    assert response.status_code == 302
    assert count(IdeaNote, IdeaNote.idea_id == world.idea.id) == 1


# --- the staff panel on the public page -----------------------------------------------------------


@pytest.mark.parametrize("who", ROLES)
def test_the_staff_panel_is_for_staff_only(client, world, who):
    world.idea.assignee = world.people["staff"]
    db.session.flush()
    sign_in(client, world, who)
    html = client.get(f"/ideas/{world.idea.id}").get_data(as_text=True)
    panel = f'href="/staff/ideas/{world.idea.id}"'
    assert (panel in html) == (who in STAFF)
    assert (world.department.name_en in html) == (who in STAFF)
    assert (world.people["staff"].display_name in html) == (who in STAFF)
