"""A person's own page (/my): every section shows the person's own things and only theirs,
with an empty state that says how to start; the pins' own actions come back to it."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import event

from app.accounts.models import Role
from app.clock import utcnow
from app.extensions import db
from app.matching.services import propose_match
from app.mypage.sections import OptionalSection, optional_sections
from app.notifications.models import Notification, NotificationKind
from app.pins.models import PinKind, PinStatus
from app.pins.services import withdraw_pin
from app.stories.models import StoryStatus
from tests.factories import (
    add_member,
    login,
    make_category,
    make_organisation,
    make_pin,
    make_user,
    reload,
)
from tests.ideas.factories import make_idea, support
from tests.stories.factories import make_story

EMPTY_STATES = (
    "You have no need on the map.",
    "You have not offered anything yet.",
    "No match is open.",
    "You have not suggested an idea yet.",
    "You do not support any idea yet.",
    "You have not written a story yet.",
    "You are not part of any organisation yet.",
    "You have no notifications yet.",
)


def _notification(user, subject: str) -> Notification:
    notification = Notification(
        user_id=user.id, kind=NotificationKind.STORY_PUBLISHED, subject=subject, body="", link="/"
    )
    db.session.add(notification)
    db.session.flush()
    return notification


def _my_page(client, user) -> str:
    login(client, user)
    response = client.get("/my")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_signed_out_people_are_sent_to_log_in(client):
    response = client.get("/my")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_new_person_sees_how_to_start_in_every_section(english_client):
    page = _my_page(english_client, make_user())
    for empty_state in EMPTY_STATES:
        assert empty_state in page
    for start in ("/pins/new?kind=need", "/pins/new?kind=offer", "/ideas/new", "/stories/new"):
        assert f'href="{start}"' in page
    assert 'href="/organisations/new"' in page and 'href="/account"' in page


def test_the_name_in_the_header_leads_to_the_page(english_client):
    person = make_user(display_name="김이웃")
    login(english_client, person)
    header = english_client.get("/").get_data(as_text=True).split("</header>")[0]
    assert '<a href="/my">김이웃</a>' in header


def test_each_section_lists_the_persons_own_things_and_nobody_elses(english_client):
    me, other = make_user(), make_user()
    need = make_pin(me, title="My need for briquettes")
    expired = make_pin(me, title="My expired need")
    expired.expires_at = utcnow() - timedelta(days=1)  # overdue: shown as expired
    offer = make_pin(me, kind=PinKind.OFFER, title="My offer of soup")
    gone = make_pin(me, title="My withdrawn need")
    withdraw_pin(gone)
    make_pin(other, title="Someone else's need")
    make_idea(me, title="My idea on heating")
    make_idea(other, title="Someone else's idea")
    support(make_idea(other, title="An idea I support"), me)
    make_story(me, StoryStatus.PENDING, title="My story of the winter")
    make_story(other, title="Someone else's story")
    add_member(make_organisation(name_en="Mapo Soup Kitchen"), me)
    make_organisation(name_en="Someone else's group")
    _notification(me, "My notification")
    _notification(other, "Someone else's notification")
    db.session.flush()

    page = _my_page(english_client, me)
    for own in (
        "My need for briquettes",
        "My expired need",
        "My offer of soup",
        "My idea on heating",
        "An idea I support",
        "My story of the winter",
        "Mapo Soup Kitchen",
        "My notification",
    ):
        assert own in page
    assert "Someone else" not in page
    assert "My withdrawn need" not in page  # taken away by its author
    for empty_state in EMPTY_STATES:
        if empty_state != "No match is open.":
            assert empty_state not in page

    # What may be done with each: the pins' own forms and routes.
    def card(pin) -> str:
        return re.search(rf'<li class="card own-pin" id="pin-{pin.id}">(.*?)</li>', page, re.S)[1]

    assert f"/pins/{need.id}/edit" in card(need) and f"/pins/{need.id}/withdraw" in card(need)
    assert f"/pins/{need.id}/renew" in card(need)
    assert "Expired on" in card(expired) and f"/pins/{expired.id}/renew" in card(expired)
    assert "/edit" not in card(expired) and "/withdraw" not in card(expired)  # renew first
    assert f"/pins/{offer.id}/withdraw" in card(offer) and "/renew" not in card(offer)


def test_withdraw_and_renew_from_the_page_come_back_to_it(english_client):
    me = make_user()
    need = make_pin(me)
    expired = make_pin(me)
    expired.expires_at = utcnow() - timedelta(days=1)
    db.session.flush()
    login(english_client, me)

    renewed = english_client.post(f"/pins/{expired.id}/renew", data={"next": "/my"})
    assert renewed.status_code == 302 and renewed.headers["Location"] == "/my"
    assert reload(expired).expires_at > utcnow() + timedelta(days=29)

    withdrawn = english_client.post(f"/pins/{need.id}/withdraw", data={"next": "/my"})
    assert withdrawn.status_code == 302 and withdrawn.headers["Location"] == "/my"
    assert reload(need).status == PinStatus.WITHDRAWN
    page = english_client.get("/my").get_data(as_text=True)
    assert "Your need was withdrawn" in page


def test_an_action_never_goes_back_to_another_site(english_client):
    me = make_user()
    need = make_pin(me)
    login(english_client, me)
    response = english_client.post(
        f"/pins/{need.id}/withdraw", data={"next": "https://elsewhere.example/my"}
    )
    assert response.headers["Location"] == f"/pins/{need.id}"


def test_someone_elses_pin_cannot_be_withdrawn_through_the_page(english_client):
    need = make_pin(make_user())
    login(english_client, make_user())
    assert english_client.post(f"/pins/{need.id}/withdraw", data={"next": "/my"}).status_code == 403
    assert reload(need).status == PinStatus.OPEN


def test_matches_of_both_sides_with_links_and_no_private_giver_named(english_client):
    need_author, giver = make_user(), make_user(display_name="Private Giver Park")
    food = make_category()
    need = make_pin(need_author, category=food, title="Need of the match")
    offer = make_pin(giver, kind=PinKind.OFFER, category=food, title="Offer of the match")
    match = propose_match(need, offer, giver)
    db.session.flush()

    need_side = _my_page(english_client, need_author)
    assert f'id="match-{match.id}"' in need_side and "Waiting for your answer" in need_side
    assert f"/matches/{match.id}/accept" in need_side
    assert f'href="/pins/{offer.id}"' in need_side and f'href="/pins/{need.id}"' in need_side
    # Not accepted yet: the need's side does not learn who gives (README, Privacy).
    assert "Private Giver Park" not in need_side

    english_client.post("/logout")
    giver_side = _my_page(english_client, giver)
    assert f'id="match-{match.id}"' in giver_side and "Waiting for the other side" in giver_side
    assert f"/matches/{match.id}/cancel" in giver_side


def test_consortia_show_once_the_person_belongs_to_an_organisation(english_client):
    member = make_user(Role.ORG_MEMBER)
    add_member(make_organisation(), member)
    db.session.flush()
    page = _my_page(english_client, member)
    assert "None of your organisations takes part in a consortium yet." in page


def test_an_optional_section_appears_only_when_it_has_something():
    person = make_user()
    sections = (
        OptionalSection("mypage/_nothing.html", lambda who: []),
        OptionalSection("mypage/_something.html", lambda who: [who.id]),
    )
    shown = optional_sections(person, sections)
    assert [(s.template, s.data) for s in shown] == [("mypage/_something.html", [person.id])]


def _add_one_of_each(me) -> None:
    food = make_category()  # a category of its own: a lazy load per row would show
    need = make_pin(me, category=food)
    make_pin(me, kind=PinKind.OFFER, category=food)
    propose_match(need, make_pin(make_user(), kind=PinKind.OFFER, category=food), me)
    make_idea(me)
    support(make_idea(), me)
    make_story(me, StoryStatus.PENDING)
    add_member(make_organisation(), me)
    _notification(me, "A notification")


def _statements_of(client, path: str) -> int:
    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(statements)


def test_the_page_reads_the_same_number_of_statements_however_much_a_person_has(client):
    """No statement per row: a busy person's page costs what a new person's does."""
    me = make_user()
    _add_one_of_each(me)
    db.session.flush()
    login(client, me)
    few = _statements_of(client, "/my")
    for _ in range(4):
        _add_one_of_each(me)
    db.session.flush()
    assert _statements_of(client, "/my") == few
