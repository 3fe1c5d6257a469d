"""The staff inbox and an idea's staff page: listing, filters, overdue ideas, counts, paging;
assigning one idea or several, review, answering, correcting; refusals from every wrong state;
stale forms (409, nothing lost); internal notes; the administrators' departments."""

from __future__ import annotations

import html as html_lib
import re
from datetime import timedelta

import pytest
from sqlalchemy import event, func, select, update

from app.accounts.models import Role
from app.clock import seoul_today
from app.extensions import db
from app.ideas.inbox import queries as inbox_queries
from app.ideas.inbox import services as inbox
from app.ideas.models import (
    Department,
    Idea,
    IdeaEvent,
    IdeaEventKind,
    IdeaNote,
    IdeaOutcome,
    IdeaStatus,
)
from app.notifications.models import Notification, NotificationKind
from tests.factories import field_error, login, make_user, reload
from tests.ideas.factories import add_note, make_department, make_idea, support


@pytest.fixture
def client(english_client):
    return english_client


@pytest.fixture
def staff(client):
    person = make_user(Role.STAFF, display_name="Staff Kim")
    login(client, person)
    return person


def flashes(response) -> list[str]:
    text = response.get_data(as_text=True)
    return [html_lib.unescape(m) for m in re.findall(r'class="flash[^"]*">([^<]*)<', text)]


def events_of(idea: Idea, kind: IdeaEventKind | None = None) -> list[IdeaEvent]:
    db.session.expire_all()
    statement = select(IdeaEvent).where(IdeaEvent.idea_id == idea.id)
    if kind is not None:
        statement = statement.where(IdeaEvent.kind == kind)
    return list(db.session.scalars(statement.order_by(IdeaEvent.id)))


def notifications(kind: NotificationKind | None = None) -> list[Notification]:
    db.session.expire_all()
    statement = select(Notification)
    if kind is not None:
        statement = statement.where(Notification.kind == kind)
    return list(db.session.scalars(statement.order_by(Notification.id)))


def titles_listed(response) -> list[str]:
    text = response.get_data(as_text=True)
    return [
        html_lib.unescape(t) for t in re.findall(r'<a href="/staff/ideas/\d+">([^<]+)</a>', text)
    ]


def snapshot(idea: Idea) -> tuple:
    """Everything a refused step must leave as it was."""
    db.session.expire_all()
    row = db.session.get(Idea, idea.id)
    return (
        row.status,
        row.outcome,
        row.response,
        row.answered_at,
        row.department_id,
        row.assignee_id,
        row.review_started_at,
        row.version,
        len(events_of(idea)),
        len(notifications()),
    )


def days_ago(days: int):
    return seoul_today() - timedelta(days=days)


# --- the list ------------------------------------------------------------------------------------


def test_newest_received_first_with_counts_and_the_overdue_mark(client, staff):
    old = make_idea(title="Old overdue idea", due_on=days_ago(3))
    make_idea(title="Answered idea", status=IdeaStatus.ANSWERED, due_on=days_ago(30))
    new = make_idea(title="New idea")
    old.created_at = new.created_at - timedelta(days=20)
    db.session.flush()
    response = client.get("/staff/ideas")
    assert response.status_code == 200
    assert titles_listed(response)[0] == "New idea"
    assert titles_listed(response)[-1] == "Old overdue idea"
    text = response.get_data(as_text=True)
    assert "2 received" in text and "0 under review" in text and "1 answered" in text
    assert "1 overdue" in text
    assert text.count("Overdue by") == 1
    assert "Overdue by 3 days" in text


def test_overdue_means_unanswered_and_due_before_today_in_seoul(client, staff):
    make_idea(title="Due yesterday", due_on=days_ago(1))
    make_idea(title="Due today", due_on=days_ago(0))
    make_idea(title="Due tomorrow", due_on=days_ago(-1))
    make_idea(title="Under review, late", status=IdeaStatus.UNDER_REVIEW, due_on=days_ago(10))
    make_idea(title="Answered, was due long ago", status=IdeaStatus.ANSWERED, due_on=days_ago(9))
    response = client.get("/staff/ideas?overdue=1")
    assert sorted(titles_listed(response)) == ["Due yesterday", "Under review, late"]
    text = response.get_data(as_text=True)
    assert "Overdue by 1 day<" in text and "Overdue by 10 days" in text
    assert inbox_queries.inbox_counts().overdue == 2


def test_sorting_by_due_date_puts_the_earliest_unanswered_first(client, staff):
    make_idea(title="Due in five days", due_on=days_ago(-5))
    make_idea(title="Answered", status=IdeaStatus.ANSWERED, due_on=days_ago(40))
    make_idea(title="Due two days ago", due_on=days_ago(2))
    response = client.get("/staff/ideas?sort=due")
    assert titles_listed(response) == ["Due two days ago", "Due in five days", "Answered"]


def test_filters_by_status_department_and_assignee(client, staff):
    desk = make_department(name_en="Housing Desk")
    other = make_department(name_en="Care Desk")
    colleague = make_user(Role.STAFF)
    make_idea(title="Mine at housing", department=desk, assignee=staff)
    make_idea(title="Colleague's at care", department=other, assignee=colleague)
    make_idea(title="Nobody's", status=IdeaStatus.UNDER_REVIEW)

    def listed(query):
        return sorted(titles_listed(client.get(f"/staff/ideas?{query}")))

    assert listed("assignee=me") == ["Mine at housing"]
    assert listed(f"assignee={colleague.id}") == ["Colleague's at care"]
    assert listed("assignee=none") == ["Nobody's"]
    assert listed(f"department={desk.id}") == ["Mine at housing"]
    assert listed("department=none") == ["Nobody's"]
    assert listed("status=under_review") == ["Nobody's"]
    assert listed(f"status=received&department={other.id}") == ["Colleague's at care"]


@pytest.mark.parametrize(
    "query", ["status=bogus", "department=abc", "assignee=99999999999", "overdue=maybe", "page=x"]
)
def test_filters_that_do_not_parse_are_ignored(client, staff, query):
    make_idea(title="Still listed")
    response = client.get(f"/staff/ideas?{query}")
    assert response.status_code == 200
    assert titles_listed(response) == ["Still listed"]


def test_pages_keep_the_filters(app, client, staff, monkeypatch):
    monkeypatch.setitem(app.config, "IDEAS_PER_PAGE", 2)
    desk = make_department()
    for n in range(5):
        make_idea(title=f"Held {n}", department=desk, due_on=days_ago(2))
    make_idea(title="Elsewhere", due_on=days_ago(2))
    response = client.get(f"/staff/ideas?department={desk.id}&overdue=1")
    text = html_lib.unescape(response.get_data(as_text=True))
    assert len(titles_listed(response)) == 2
    next_link = re.search(r'<a rel="next" href="([^"]+)"', text).group(1)
    assert f"department={desk.id}" in next_link and "overdue=1" in next_link
    last = client.get(next_link.replace("page=2", "page=3"))
    assert titles_listed(last) == ["Held 0"]


# --- assigning ----------------------------------------------------------------------------------


def test_assigning_records_an_event_and_tells_the_new_assignee(client, staff):
    desk = make_department(name_en="Housing Desk")
    colleague = make_user(Role.STAFF, preferred_language="en")
    idea = make_idea(title="Ramps at the library")
    response = client.post(
        f"/staff/ideas/{idea.id}/assign",
        data={
            "assign-version": idea.version,
            "assign-department": desk.id,
            "assign-assignee": colleague.id,
        },
        follow_redirects=True,
    )
    assert "The idea is assigned." in flashes(response)
    idea = reload(idea)
    assert (idea.department_id, idea.assignee_id) == (desk.id, colleague.id)
    (event,) = events_of(idea, IdeaEventKind.ASSIGNED)
    assert (event.actor_id, event.department_id, event.assignee_id) == (
        staff.id,
        desk.id,
        colleague.id,
    )
    (told,) = notifications(NotificationKind.IDEA_ASSIGNED)
    assert told.user_id == colleague.id
    assert told.subject == "An idea for you to answer: “Ramps at the library”"
    assert "Staff Kim" in told.body
    assert told.link == f"/staff/ideas/{idea.id}"

    # The same again changes nothing and tells nobody.
    response = client.post(
        f"/staff/ideas/{idea.id}/assign",
        data={"assign-version": idea.version, "assign-department": desk.id},
        follow_redirects=True,
    )
    assert "Nothing changed: the idea was held that way already." in flashes(response)
    assert len(events_of(idea, IdeaEventKind.ASSIGNED)) == 1
    assert len(notifications()) == 1


def test_taking_an_idea_yourself_tells_nobody(client, staff):
    idea = make_idea()
    client.post(
        f"/staff/ideas/{idea.id}/assign",
        data={"assign-version": idea.version, "assign-assignee": staff.id},
    )
    assert reload(idea).assignee_id == staff.id
    assert len(events_of(idea, IdeaEventKind.ASSIGNED)) == 1
    assert notifications() == []


@pytest.mark.parametrize("who", ["resident", "inactive staff", "inactive department"])
def test_only_active_staff_and_departments_are_offered(client, staff, who):
    idea = make_idea()
    data = {"assign-version": idea.version}
    if who == "resident":
        data["assign-assignee"] = make_user(Role.RESIDENT).id
        field = "assign-assignee"
    elif who == "inactive staff":
        data["assign-assignee"] = make_user(Role.STAFF, is_active_account=False).id
        field = "assign-assignee"
    else:
        data["assign-department"] = make_department(is_active=False).id
        field = "assign-department"
    before = snapshot(idea)
    response = client.post(f"/staff/ideas/{idea.id}/assign", data=data)
    assert response.status_code == 400
    assert field_error(response.get_data(as_text=True), field).startswith("Choose one of")
    assert snapshot(idea) == before


def test_assigning_needs_a_department_or_a_person(client, staff):
    idea = make_idea()
    response = client.post(f"/staff/ideas/{idea.id}/assign", data={"assign-version": 1})
    assert response.status_code == 400
    assert "Choose a department, a person, or both." in response.get_data(as_text=True)


def test_bulk_assignment_one_event_per_idea_one_notification(client, staff):
    desk = make_department(name_en="Care Desk")
    colleague = make_user(Role.STAFF, preferred_language="en")
    ideas = [make_idea(title=f"Bulk {n}", due_on=days_ago(-n)) for n in range(1, 4)]
    answered = make_idea(title="Answered meanwhile", status=IdeaStatus.ANSWERED)
    response = client.post(
        "/staff/ideas/assign",
        data={
            "bulk-ideas": [i.id for i in ideas] + [answered.id],
            "bulk-department": desk.id,
            "bulk-assignee": colleague.id,
            "next": "/staff/ideas?status=received",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/ideas?status=received"
    messages = flashes(client.get("/staff/ideas"))
    assert "3 ideas were assigned." in messages
    assert f"Left as they are, because they are answered: #{answered.id}." in messages
    for idea in ideas:
        idea = reload(idea)
        assert (idea.department_id, idea.assignee_id) == (desk.id, colleague.id)
        (event,) = events_of(idea, IdeaEventKind.ASSIGNED)
        assert event.actor_id == staff.id and event.assignee_id == colleague.id
    assert events_of(answered, IdeaEventKind.ASSIGNED) == []
    assert reload(answered).assignee_id is None
    (told,) = notifications(NotificationKind.IDEA_ASSIGNED)
    assert told.user_id == colleague.id
    assert told.subject == "Ideas for you to answer: 3"
    assert "(3 in all)" in told.body
    assert told.link == "/staff/ideas?assignee=me"


def test_bulk_giving_a_department_only_keeps_the_people(client, staff):
    desk = make_department()
    holder = make_user(Role.STAFF)
    first = make_idea(assignee=holder)
    second = make_idea()
    client.post(
        "/staff/ideas/assign",
        data={"bulk-ideas": [first.id, second.id], "bulk-department": desk.id},
    )
    assert reload(first).assignee_id == holder.id and reload(first).department_id == desk.id
    assert reload(second).assignee_id is None and reload(second).department_id == desk.id
    assert notifications() == []


@pytest.mark.parametrize(
    "data, message",
    [
        ({"bulk-assignee": "me"}, "Choose one of the listed staff members."),
        ({}, "Choose a department, a person, or both."),
        ({"bulk-ideas": []}, "Tick at least one idea."),
    ],
)
def test_a_bulk_form_with_a_mistake_comes_back_with_the_ticks(client, staff, data, message):
    idea = make_idea(title="Ticked")
    form = {"bulk-ideas": [idea.id], "next": "/staff/ideas?status=received", **data}
    if data.get("bulk-ideas") == []:
        form["bulk-assignee"] = staff.id
    response = client.post("/staff/ideas/assign", data=form)
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert message in text
    if data.get("bulk-ideas") != []:
        assert re.search(rf'value="{idea.id}" id="select-idea-{idea.id}" checked', text)
    assert snapshot(idea)[-2:] == (0, 0)


# --- review, answer, correction -------------------------------------------------------------------


def test_starting_the_review(client, staff):
    idea = make_idea()
    response = client.post(
        f"/staff/ideas/{idea.id}/review",
        data={"review-version": idea.version},
        follow_redirects=True,
    )
    assert "The idea is now under review." in flashes(response)
    idea = reload(idea)
    assert idea.status == IdeaStatus.UNDER_REVIEW and idea.review_started_at is not None
    (event,) = events_of(idea, IdeaEventKind.STATUS_CHANGED)
    assert (event.from_status, event.to_status, event.actor_id) == (
        IdeaStatus.RECEIVED,
        IdeaStatus.UNDER_REVIEW,
        staff.id,
    )


@pytest.mark.parametrize("status", [IdeaStatus.RECEIVED, IdeaStatus.UNDER_REVIEW])
def test_answering(client, staff, status):
    desk = make_department(name_en="Housing Desk")
    idea = make_idea(status=status, department=desk)
    response = client.post(
        f"/staff/ideas/{idea.id}/answer",
        data={
            "version": idea.version,
            "outcome": "partly_adopted",
            "response": "  Partly.\r\nYes. ",
        },
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert any(m.startswith("The answer is published.") for m in flashes(response))
    idea = reload(idea)
    assert idea.status == IdeaStatus.ANSWERED
    assert idea.outcome == IdeaOutcome.PARTLY_ADOPTED
    assert idea.response == "Partly.\nYes."
    assert idea.answered_at is not None
    assert idea.answered_by_id == staff.id
    assert idea.answering_department_id == desk.id
    (event,) = events_of(idea, IdeaEventKind.ANSWERED)
    assert (event.from_status, event.to_status, event.department_id) == (
        status,
        IdeaStatus.ANSWERED,
        desk.id,
    )


def test_answering_needs_a_department_and_keeps_the_text(client, staff):
    idea = make_idea()
    before = snapshot(idea)
    response = client.post(
        f"/staff/ideas/{idea.id}/answer",
        data={"version": idea.version, "outcome": "adopted", "response": "My long careful answer"},
    )
    assert response.status_code == 409
    text = response.get_data(as_text=True)
    assert "Give the idea to a department before answering it" in text
    assert "My long careful answer</textarea>" in text
    assert snapshot(idea) == before


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"outcome": "adopted", "response": "   "}, "response", "Write the official response."),
        ({"outcome": "adopted", "response": "x" * 5001}, "response", "at most 5000"),
        ({"outcome": "", "response": "Fine"}, "outcome", "Choose the outcome."),
        ({"outcome": "maybe", "response": "Fine"}, "outcome", "Choose one of the listed"),
    ],
)
def test_a_bad_answer_is_refused_at_the_field(client, staff, data, field, message):
    idea = make_idea(department=make_department())
    before = snapshot(idea)
    response = client.post(f"/staff/ideas/{idea.id}/answer", data={"version": idea.version, **data})
    assert response.status_code == 400
    assert message in field_error(response.get_data(as_text=True), field)
    assert snapshot(idea) == before


def test_correcting_a_response_keeps_the_date_and_tells_nobody(client, staff):
    idea = make_idea(status=IdeaStatus.ANSWERED, department=make_department())
    support(idea)
    answered_at = idea.answered_at
    page = client.get(f"/staff/ideas/{idea.id}/answer").get_data(as_text=True)
    assert "Correct the response" in page and f"{idea.response}</textarea>" in page
    response = client.post(
        f"/staff/ideas/{idea.id}/answer",
        data={"version": idea.version, "outcome": "not_adopted", "response": "Corrected."},
        follow_redirects=True,
    )
    assert "The response is corrected. Nobody is told again." in flashes(response)
    idea = reload(idea)
    assert (idea.outcome, idea.response) == (IdeaOutcome.NOT_ADOPTED, "Corrected.")
    assert idea.answered_at == answered_at
    (event,) = events_of(idea, IdeaEventKind.RESPONSE_EDITED)
    assert event.actor_id == staff.id
    assert notifications() == []


# --- every step from every wrong state ----------------------------------------------------------

WRONG_STATES = [
    ("start_review", IdeaStatus.UNDER_REVIEW),
    ("start_review", IdeaStatus.ANSWERED),
    ("answer", IdeaStatus.ANSWERED),
    ("edit_response", IdeaStatus.RECEIVED),
    ("edit_response", IdeaStatus.UNDER_REVIEW),
    ("assign", IdeaStatus.ANSWERED),
]


def _step(name: str, idea: Idea, actor, department):
    if name == "start_review":
        return inbox.start_review(idea, actor, idea.version)
    if name in ("answer", "edit_response"):
        service = getattr(inbox, name)
        return service(idea, actor, IdeaOutcome.ADOPTED, "New text", idea.version)
    return inbox.assign(idea, actor, department=department, version=idea.version)


@pytest.mark.parametrize("step, status", WRONG_STATES)
def test_every_step_is_refused_from_a_wrong_state(step, status):
    actor = make_user(Role.STAFF)
    department = make_department()
    idea = make_idea(status=status, department=make_department())
    support(idea)
    before = snapshot(idea)
    idea = reload(idea)
    with pytest.raises(inbox.WrongState) as refused:
        _step(step, idea, actor, department)
    assert str(refused.value.message)  # a message for the person, translated
    assert snapshot(idea) == before


@pytest.mark.parametrize(
    "path, data, status, message",
    [
        (
            "review",
            {"review-version": "{v}"},
            IdeaStatus.UNDER_REVIEW,
            "Only a received idea can be taken under review. This one is: Under review.",
        ),
        (
            "review",
            {"review-version": "{v}"},
            IdeaStatus.ANSWERED,
            "Only a received idea can be taken under review. This one is: Answered.",
        ),
        (
            "assign",
            {"assign-version": "{v}", "assign-department": "{d}"},
            IdeaStatus.ANSWERED,
            "This idea is answered: who holds it no longer changes.",
        ),
    ],
)
def test_wrong_states_over_the_web(client, staff, path, data, status, message):
    department = make_department()
    idea = make_idea(status=status)
    before = snapshot(idea)
    form = {k: v.format(v=idea.version, d=department.id) for k, v in data.items()}
    response = client.post(f"/staff/ideas/{idea.id}/{path}", data=form, follow_redirects=True)
    assert message in flashes(response)
    assert snapshot(idea) == before


# --- stale forms --------------------------------------------------------------------------------


def test_a_stale_answer_comes_back_with_409_and_nothing_lost(client, staff):
    desk = make_department(name_en="Housing Desk")
    idea = make_idea(department=desk)
    seen = idea.version
    other = make_user(Role.STAFF, display_name="Quick Colleague")
    inbox.assign(idea, other, assignee=other, version=seen)  # meanwhile
    before = snapshot(idea)
    typed = "A long answer <with> care"
    response = client.post(
        f"/staff/ideas/{idea.id}/answer",
        data={"version": seen, "outcome": "adopted", "response": typed},
    )
    assert response.status_code == 409
    text = response.get_data(as_text=True)
    assert "Someone else changed this idea after your page was loaded" in text
    assert "A long answer &lt;with&gt; care</textarea>" in text
    assert "Quick Colleague" in text  # the idea as it is now
    assert re.search(r'<option selected value="adopted">', text)
    assert snapshot(idea) == before
    # The form is now at the current version: sending it again is a deliberate choice.
    current = re.search(r'name="version" type="hidden" value="(\d+)"', text)
    assert current and int(current.group(1)) == reload(idea).version
    again = client.post(
        f"/staff/ideas/{idea.id}/answer",
        data={"version": current.group(1), "outcome": "adopted", "response": typed},
    )
    assert again.status_code == 302
    assert reload(idea).response == typed


@pytest.mark.parametrize("path", ["assign", "review"])
def test_other_stale_forms_are_409_too(client, staff, path):
    idea = make_idea()
    seen = idea.version
    inbox.add_note(idea, staff, "notes do not change the idea")
    inbox.assign(idea, staff, department=make_department(), version=seen)
    before = snapshot(idea)
    data = {"review-version": seen}
    if path == "assign":
        data = {"assign-version": seen, "assign-assignee": staff.id}
    response = client.post(f"/staff/ideas/{idea.id}/{path}", data=data)
    assert response.status_code == 409
    assert "Someone else changed this idea" in response.get_data(as_text=True)
    assert snapshot(idea) == before


def test_a_change_between_our_read_and_our_write_is_caught_at_commit(client, staff, monkeypatch):
    """Both requests read the same version; the other one wrote first (StaleDataError)."""
    idea = make_idea(department=make_department())
    real_answer = inbox.answer

    def answer_after_a_rival(idea, *args, **kwargs):
        db.session.execute(
            update(Idea).where(Idea.id == idea.id).values(version=Idea.version + 1),
            execution_options={"synchronize_session": False},
        )
        return real_answer(idea, *args, **kwargs)

    monkeypatch.setattr(inbox, "answer", answer_after_a_rival)
    response = client.post(
        f"/staff/ideas/{idea.id}/answer",
        data={"version": idea.version, "outcome": "adopted", "response": "Kept text"},
    )
    assert response.status_code == 409
    text = response.get_data(as_text=True)
    assert "Kept text</textarea>" in text and "Someone else changed this idea" in text
    idea = reload(idea)
    assert idea.status == IdeaStatus.RECEIVED and idea.response is None
    assert events_of(idea, IdeaEventKind.ANSWERED) == [] and notifications() == []


# --- the staff page and notes --------------------------------------------------------------------


def test_the_staff_page_shows_notes_history_and_supports(client, staff):
    desk = make_department(name_en="Housing Desk")
    idea = make_idea(title="Benches", department=desk, assignee=staff)
    support(idea)
    support(idea)
    inbox.assign(idea, staff, assignee=make_user(Role.STAFF, display_name="Lee"), version=1)
    add_note(idea, "<script>alert(1)</script> call back", author=staff)
    text = client.get(f"/staff/ideas/{idea.id}").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; call back" in text
    assert "<script>alert(1)" not in text
    assert "Housing Desk" in text and "Lee" in text
    assert re.search(r"<dt>Supports</dt><dd>2</dd>", text)
    history = text[text.index('id="history"') :]
    assert "Staff Kim" in history and "Assigned" in history


def test_adding_a_note(client, staff):
    idea = make_idea(status=IdeaStatus.ANSWERED)
    response = client.post(
        f"/staff/ideas/{idea.id}/notes", data={"note-body": "  Asked the district.  "}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/staff/ideas/{idea.id}#notes"
    (note,) = db.session.scalars(select(IdeaNote).where(IdeaNote.idea_id == idea.id)).all()
    assert (note.body, note.author_id) == ("Asked the district.", staff.id)
    public = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "Asked the district." not in public


@pytest.mark.parametrize("body, message", [("   ", "Write the note."), ("x" * 2001, "at most")])
def test_a_bad_note_is_refused(client, staff, body, message):
    idea = make_idea()
    response = client.post(f"/staff/ideas/{idea.id}/notes", data={"note-body": body})
    assert response.status_code == 400
    assert message in field_error(response.get_data(as_text=True), "note-body")
    assert db.session.scalar(select(func.count()).select_from(IdeaNote)) == 0


# --- departments -------------------------------------------------------------------------------


@pytest.fixture
def admin(client):
    person = make_user(Role.ADMIN)
    login(client, person)
    return person


def test_adding_renaming_and_deactivating_a_department(client, admin):
    response = client.post(
        "/admin/departments", data={"name_ko": " 노인복지과 ", "name_en": "Senior Welfare"}
    )
    assert response.status_code == 302
    department = db.session.scalars(
        select(Department).where(Department.name_ko == "노인복지과")
    ).one()
    assert department.is_active and department.name_en == "Senior Welfare"
    assert "Senior Welfare" in client.get("/admin/departments").get_data(as_text=True)

    idea = make_idea(department=department)
    response = client.post(
        f"/admin/departments/{department.id}",
        data={"name_ko": "어르신복지과", "name_en": "Older People's Welfare"},
    )
    assert response.status_code == 302
    department = reload(department)
    assert department.name_ko == "어르신복지과" and not department.is_active
    assert reload(idea).department_id == department.id  # it keeps the ideas it holds

    # No longer offered to staff who give ideas out; still there to filter by.
    page = client.get(f"/staff/ideas/{make_idea().id}").get_data(as_text=True)
    assign_form = re.search(r'<form[^>]*action="[^"]*/assign".*?</form>', page, re.S).group(0)
    assert "Senior" not in assign_form and "Older People" not in assign_form
    inbox_page = client.get("/staff/ideas").get_data(as_text=True)
    assert "Older People&#39;s Welfare (inactive)" in inbox_page


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"name_ko": "복지정책과", "name_en": "Other"}, "name_ko", "already has this name"),
        ({"name_ko": "다른과", "name_en": "welfare policy"}, "name_en", "already has this name"),
        ({"name_ko": "", "name_en": "X"}, "name_ko", "Enter the Korean name."),
        ({"name_ko": "X", "name_en": " "}, "name_en", "Enter the English name."),
        ({"name_ko": "가" * 121, "name_en": "X"}, "name_ko", "at most 120"),
    ],
)
def test_department_names_are_checked(client, admin, data, field, message):
    make_department(name_ko="복지정책과", name_en="Welfare Policy")
    before = db.session.scalar(select(func.count()).select_from(Department))
    response = client.post("/admin/departments", data=data)
    assert response.status_code == 200
    assert message in field_error(response.get_data(as_text=True), field)
    assert db.session.scalar(select(func.count()).select_from(Department)) == before


def test_a_department_may_keep_its_own_name(client, admin):
    department = make_department(name_ko="복지정책과", name_en="Welfare Policy")
    response = client.post(
        f"/admin/departments/{department.id}",
        data={"name_ko": "복지정책과", "name_en": "Welfare Policy", "is_active": "y"},
    )
    assert response.status_code == 302
    assert reload(department).is_active


def test_the_dashboard_links_the_departments(client, admin):
    assert 'href="/admin/departments"' in client.get("/admin/").get_data(as_text=True)


@pytest.mark.parametrize("status", [IdeaStatus.UNDER_REVIEW, IdeaStatus.ANSWERED])
def test_a_blank_response_is_refused_whoever_calls(status):
    idea = make_idea(status=status, department=make_department())
    before = snapshot(idea)
    idea = reload(idea)
    service = inbox.edit_response if status == IdeaStatus.ANSWERED else inbox.answer
    with pytest.raises(inbox.NoResponse):
        service(idea, make_user(Role.STAFF), IdeaOutcome.ADOPTED, " \n ", idea.version)
    assert snapshot(idea) == before


def test_the_inbox_takes_the_same_number_of_queries_for_few_and_many_ideas(client, staff):
    """Issue 16: the inbox loads its ideas, their supports and the assignee choices in a fixed
    number of queries, however many ideas, holders and supporters there are."""

    def queries_for_inbox() -> int:
        statements: list = []

        def count_statement(*args) -> None:
            statements.append(args)

        event.listen(db.engine, "before_cursor_execute", count_statement)
        try:
            assert client.get("/staff/ideas").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", count_statement)
        return len(statements)

    desk = make_department(name_en="Housing Desk")

    def some_ideas(n: int) -> None:
        for _ in range(n):
            idea = make_idea(department=desk, assignee=make_user(Role.STAFF))
            support(idea)
            add_note(idea, author=staff)

    some_ideas(2)
    few = queries_for_inbox()
    some_ideas(6)
    assert queries_for_inbox() == few
