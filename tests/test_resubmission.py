"""Safe resubmission: the same create form sent again saves nothing twice (app/submissions.py).

Each create form is sent twice with the same submission key, as a double click or a browser's
resend does: one row, and the second answer is the first (same redirect, same message). A key
finds only its sender's submissions; old keys are tidied. "Create once" rows (a match, a
membership) refuse a twin that raced past the service's own check with an honest "already",
never a 500. The true races (threads, real commits) are in test_resubmission_races.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.accounts.models import Role
from app.actions import flush_once
from app.areas.models import AreaLevel
from app.categories.models import Category
from app.clock import utcnow
from app.contests.models import Contest, Proposal
from app.extensions import db
from app.ideas.models import Department, Idea, IdeaComment, IdeaNote
from app.matching import services as matching_services
from app.matching.models import Match
from app.organisations import memberships
from app.organisations.models import Membership, Organisation
from app.pins.models import Pin, PinKind
from app.stories.models import Story, StoryCampaign
from app.submissions import KEPT, Submission, new_submission_key
from tests.admin.test_admin import VALID_CATEGORY
from tests.contests.factories import make_contest
from tests.contests.test_pages import valid_contest_form
from tests.factories import (
    login,
    make_area,
    make_category,
    make_organisation,
    make_pin,
    make_user,
    served_dong_at,
)
from tests.ideas.factories import make_idea
from tests.ideas.test_citizens import valid as valid_idea
from tests.organisations.test_organisations import VALID_ORGANISATION
from tests.pins.test_pins import valid_need
from tests.stories.test_campaigns import campaign_form


def _need():
    served_dong_at(126.97791, 37.56634)  # valid_need's place
    return make_user(), "/pins/new?kind=need", valid_need(make_category()), "submission_key", Pin


def _idea():
    return make_user(), "/ideas/new", valid_idea(make_category()), "submission_key", Idea


def _comment():
    idea = make_idea()
    data = {"new-comment-body": "Our dong needs this too."}
    return (
        make_user(),
        f"/ideas/{idea.id}/comments",
        data,
        "new-comment-submission_key",
        IdeaComment,
    )


def _story():
    dong = make_area(level=AreaLevel.DONG)
    data = {
        "title": "연탄을 함께 날랐습니다",
        "body": "이웃 열 명이 모여 연탄 200장을 날랐습니다.",
        "language": "ko",
        "category": str(make_category().id),
        "area": str(dong.id),
        "link": "",
    }
    return make_user(), "/stories/new", data, "submission_key", Story


def _contest():
    return make_user(Role.STAFF), "/contests/new", valid_contest_form(), "submission_key", Contest


def _proposal():
    person = make_user(Role.ORG_MEMBER)
    organisation = make_organisation(representative=person)
    contest = make_contest()
    data = {"organisation": organisation.id, "title": "Warm winter"}
    return person, f"/contests/{contest.id}/proposals/new", data, "submission_key", Proposal


def _organisation():
    return make_user(), "/organisations/new", VALID_ORGANISATION, "submission_key", Organisation


def _category():
    return (
        make_user(Role.ADMIN),
        "/admin/categories/new",
        VALID_CATEGORY,
        "submission_key",
        Category,
    )


def _department():
    data = {"name_ko": "복지정책과", "name_en": "Welfare Policy Division"}
    return make_user(Role.ADMIN), "/admin/departments", data, "submission_key", Department


def _note():
    idea = make_idea()
    data = {"note-body": "Asked the district office."}
    return (
        make_user(Role.STAFF),
        f"/staff/ideas/{idea.id}/notes",
        data,
        "note-submission_key",
        IdeaNote,
    )


def _campaign():
    data = campaign_form()
    return (
        make_user(Role.MODERATOR),
        "/moderation/campaigns/new",
        data,
        "submission_key",
        StoryCampaign,
    )


CREATE_FORMS: dict[str, Callable[[], tuple[Any, str, dict, str, type]]] = {
    "need": _need,
    "idea": _idea,
    "comment": _comment,
    "story": _story,
    "contest": _contest,
    "proposal": _proposal,
    "organisation": _organisation,
    "category": _category,
    "department": _department,
    "staff note": _note,
    "story campaign": _campaign,
}


def count(model: type) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def flashed(client) -> list:
    with client.session_transaction() as session:
        return session.pop("_flashes", [])


@pytest.mark.parametrize("form", CREATE_FORMS)
def test_a_create_form_sent_again_saves_once_and_answers_the_first_result(client, form):
    person, url, data, key_name, model = CREATE_FORMS[form]()
    login(client, person)
    flashed(client)
    before = count(model)
    sent = {**data, key_name: new_submission_key()}

    first = client.post(url, data=sent)
    assert first.status_code == 302, first.get_data(as_text=True)[:2000]
    first_message = flashed(client)
    assert count(model) == before + 1
    for _ in range(3):
        again = client.post(url, data=sent)
        assert again.status_code == 302
        assert again.headers["Location"] == first.headers["Location"]
        assert flashed(client) == first_message
    assert count(model) == before + 1


def keys_on(html: str, name: str = "submission_key") -> list[str]:
    return re.findall(rf'name="{name}" type="hidden" value="([^"]+)"', html)


def test_each_drawing_of_a_form_has_a_key_of_its_own(client):
    login(client, make_user())
    first = keys_on(client.get("/pins/new?kind=need").get_data(as_text=True))
    second = keys_on(client.get("/pins/new?kind=need").get_data(as_text=True))
    assert len(first) == len(second) == 1 and first != second
    comment_page = client.get(f"/ideas/{make_idea().id}").get_data(as_text=True)
    assert len(keys_on(comment_page, "new-comment-submission_key")) == 1


def test_the_key_drawn_with_the_form_protects_it(client):
    category = make_category()
    login(client, make_user())
    (key,) = keys_on(client.get("/ideas/new").get_data(as_text=True))
    data = {**valid_idea(category), "submission_key": key}
    assert client.post("/ideas/new", data=data).status_code == 302
    assert client.post("/ideas/new", data=data).status_code == 302
    assert count(Idea) == 1


def test_someone_elses_key_saves_their_own_row_and_shows_nothing_of_the_first(app):
    category = make_category()
    key = new_submission_key()
    data = {**valid_idea(category), "submission_key": key}
    one, other = app.test_client(), app.test_client()
    login(one, make_user())
    login(other, make_user())
    first = one.post("/ideas/new", data=data)
    second = other.post("/ideas/new", data=data)
    assert second.status_code == 302
    assert second.headers["Location"] != first.headers["Location"]
    assert count(Idea) == 2


def test_a_key_sent_to_another_form_is_a_new_submission(client):
    """The key is bound to the address it was drawn for."""
    login(client, make_user())
    key = new_submission_key()
    first, second = make_idea(), make_idea()
    for idea in (first, second):
        data = {"new-comment-body": "Same words", "new-comment-submission_key": key}
        assert client.post(f"/ideas/{idea.id}/comments", data=data).status_code == 302
    assert count(IdeaComment) == 2


@pytest.mark.parametrize("key", ["", "short", "x" * 65, "<script>" * 4])
def test_a_form_without_a_proper_key_still_saves(client, key):
    """A form without a key (an old page, a script) is saved as before, without protection."""
    login(client, make_user())
    client.post("/ideas/new", data={**valid_idea(make_category()), "submission_key": key})
    assert count(Idea) == 1
    assert count(Submission) == 0


def test_old_keys_are_tidied_when_their_sender_sends_a_new_form(client):
    person, other = make_user(), make_user()
    for owner, age in ((person, KEPT + timedelta(minutes=1)), (person, timedelta(hours=1))):
        db.session.add(
            Submission(
                user_id=owner.id,
                form="/ideas/new",
                key=new_submission_key(),
                result_id=1,
                created_at=utcnow() - age,
            )
        )
    db.session.add(
        Submission(
            user_id=other.id,
            form="/ideas/new",
            key=new_submission_key(),
            result_id=1,
            created_at=utcnow() - KEPT * 2,
        )
    )
    db.session.commit()
    login(client, person)
    data = {**valid_idea(make_category()), "submission_key": new_submission_key()}
    assert client.post("/ideas/new", data=data).status_code == 302
    db.session.expire_all()
    kept = db.session.execute(select(Submission.user_id, Submission.created_at)).all()
    assert len([row for row in kept if row.user_id == person.id]) == 2  # the new and the recent
    assert len([row for row in kept if row.user_id == other.id]) == 1  # not theirs to tidy


def test_a_replay_whose_first_result_is_gone_says_so_and_saves_nothing(english_client):
    login(english_client, make_user(Role.ADMIN))
    data = {"name_ko": "복지정책과", "name_en": "Welfare", "submission_key": new_submission_key()}
    assert english_client.post("/admin/departments", data=data).status_code == 302
    db.session.delete(db.session.scalars(select(Department)).one())
    db.session.commit()
    again = english_client.post("/admin/departments", data=data, follow_redirects=True)
    assert "This form was already sent" in again.get_data(as_text=True)
    assert count(Department) == 0


# --- create once: a twin that raced past the service's check ------------------------------------


def test_a_match_proposed_twice_past_the_check_is_already_proposed(english_client, monkeypatch):
    """As when two requests both found no match yet: the unique constraint answers, not a 500."""
    category = make_category()
    need = make_pin(kind=PinKind.NEED, category=category)
    offer = make_pin(kind=PinKind.OFFER, category=category)
    login(english_client, need.author)
    data = {"need_id": need.id, "offer_id": offer.id, "next": f"/pins/{need.id}"}
    assert english_client.post("/matches", data=data).status_code == 302
    monkeypatch.setattr(matching_services, "find_match", lambda _need, _offer: None)
    again = english_client.post("/matches", data=data, follow_redirects=True)
    assert again.status_code == 200
    assert "This offer has already been proposed for this need." in again.get_data(as_text=True)
    assert count(Match) == 1


def test_a_membership_requested_twice_past_the_check_is_already_requested(
    english_client, monkeypatch
):
    organisation = make_organisation()
    login(english_client, make_user())
    url = f"/organisations/{organisation.id}/join"
    assert english_client.post(url, data={"message": "Hello"}).status_code == 302
    monkeypatch.setattr(memberships, "find_membership", lambda _organisation, _user: None)
    again = english_client.post(url, data={"message": "Hello"}, follow_redirects=True)
    assert again.status_code == 200
    assert "already waiting for a decision" in again.get_data(as_text=True)
    assert count(Membership) == 1


def test_only_a_unique_constraint_is_taken_for_already_done():
    db.session.add(Department(name_ko=None, name_en="No Korean name"))  # NOT NULL, not unique
    with pytest.raises(IntegrityError):
        flush_once()
    db.session.rollback()
