"""A match's private conversation: who reads and writes its thread, the read markers, the
place and phone number the need's author shares with the accepted helper (each view logged),
and the thank-you given with the fulfilment."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.matching.models import Match, MatchStatus
from app.matching.services import accept_match
from app.matching.threads.models import MatchMessage, SharedContact, SharedContactView
from app.matching.threads.services import (
    post_message,
    share_contact,
    share_views,
    unread_matches,
    withdraw_share,
)
from app.notifications.models import Notification, NotificationKind
from app.pins.services import exact_point
from tests.factories import login, make_user, reload
from tests.matching.test_matching import ROLES, World, accepted, proposed
from tests.roles import LOGIN, assert_status, expect

PHONE = "010-2468-1357"
SECRET_WORDS = "Gate-Code-4471 behind the pharmacy"
SIDES = {"need_author", "offer_author", "org_member", "area_staff", "admin_here"}
STRANGERS = {"other_resident", "staff_elsewhere", "admin"}


def match_of(world: World, state: str) -> Match:
    if state == "proposed":
        return proposed(world, by="need")
    match = accepted(world)
    if state == "shared":
        share_contact(match, world.need_author, shares_place=True, phone=PHONE)
    return match


# Each row: (method, path, form, the state the match is in, what each person gets).
READERS = expect(ROLES, 200, anonymous=LOGIN, **dict.fromkeys(STRANGERS, 404))
ROUTES = {
    "page": ("GET", "/matches/{match}", {}, "accepted", READERS),
    "message": (
        "POST",
        "/matches/{match}/messages",
        {"body": "Saturday at ten?"},
        "proposed",
        expect(ROLES, 302, anonymous=LOGIN, **dict.fromkeys(STRANGERS, 404)),
    ),
    "share": (
        "POST",
        "/matches/{match}/share",
        {"share_place": "y", "phone": PHONE},
        "accepted",
        expect(ROLES, 403, need_author=302, anonymous=LOGIN, **dict.fromkeys(STRANGERS, 404)),
    ),
    "withdraw share": (
        "POST",
        "/matches/{match}/share/withdraw",
        {},
        "shared",
        expect(ROLES, 403, need_author=302, anonymous=LOGIN, **dict.fromkeys(STRANGERS, 404)),
    ),
}


def _changed(route: str, match: Match):
    """What the route would have changed, read from the database."""
    if route == "message":
        return db.session.scalar(select(func.count(MatchMessage.id)))
    if route in ("share", "withdraw share"):
        return db.session.scalar(
            select(func.count(SharedContact.id)).where(SharedContact.withdrawn_at.is_(None))
        )
    return None


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", list(ROUTES))
def test_role_route_table(client, world, route, role):
    method, path, form, state, expected = ROUTES[route]
    match = match_of(world, state)
    db.session.commit()
    user = world.user(role)
    if user is not None:
        login(client, user)
    before = _changed(route, match)
    url = path.format(match=match.id)
    response = client.get(url) if method == "GET" else client.post(url, data=form)
    assert_status(response, expected[role])
    db.session.expire_all()
    if method == "POST":
        assert (_changed(route, match) != before) == (expected[role] == 302)


def test_the_page_of_a_match_nobody_may_see_is_404_like_a_missing_one(client, world):
    login(client, world.need_author)
    assert client.get("/matches/987654").status_code == 404


def _page(client, match: Match) -> str:
    return client.get(f"/matches/{match.id}").get_data(as_text=True)


def test_messages_are_private_escaped_and_may_hold_contact_details(english_client, world):
    match = accepted(world)
    db.session.commit()
    login(english_client, world.offer_author)
    text = f"<script>alert(1)</script> Call me: {PHONE}. {SECRET_WORDS}"
    response = english_client.post(f"/matches/{match.id}/messages", data={"body": text})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/matches/{match.id}#thread")
    page = _page(english_client, match)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert PHONE in page and SECRET_WORDS in page

    for role in SIDES:
        reader = english_client.application.test_client()
        login(reader, world.user(role))
        assert SECRET_WORDS in _page(reader, match), role
    for role in STRANGERS:
        stranger = english_client.application.test_client()
        login(stranger, world.user(role))
        for url in (f"/matches/{match.id}", "/matches", f"/pins/{world.need.id}", "/notifications"):
            assert SECRET_WORDS not in stranger.get(url).get_data(as_text=True), (role, url)


@pytest.mark.parametrize(
    ("body", "error"),
    [("", "Write a message."), ("   ", "Write a message."), ("x" * 2001, "at most 2000")],
)
def test_bad_messages_are_refused_at_the_field(english_client, world, body, error):
    match = accepted(world)
    db.session.commit()
    login(english_client, world.need_author)
    response = english_client.post(f"/matches/{match.id}/messages", data={"body": body})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="body-error"' in page and error in page
    assert db.session.scalar(select(func.count(MatchMessage.id))) == 0


def test_no_message_once_the_match_is_declined(client, world):
    match = proposed(world, by="need")
    match.status = MatchStatus.DECLINED
    db.session.commit()
    login(client, world.need_author)
    assert client.post(f"/matches/{match.id}/messages", data={"body": "Hello?"}).status_code == 403


def test_the_same_message_form_sent_twice_saves_once(client, world):
    match = accepted(world)
    db.session.commit()
    login(client, world.need_author)
    form = {"body": "See you at ten.", "submission_key": "k" * 30}
    for _ in range(2):
        assert client.post(f"/matches/{match.id}/messages", data=form).status_code == 302
    assert db.session.scalar(select(func.count(MatchMessage.id))) == 1


def _notified(world: World) -> dict[str, int]:
    rows = db.session.scalars(
        select(Notification).where(Notification.kind == NotificationKind.MATCH_MESSAGE)
    ).all()
    names = {getattr(world, role).id: role for role in SIDES | STRANGERS}
    counts: dict[str, int] = {}
    for row in rows:
        counts[names[row.user_id]] = counts.get(names[row.user_id], 0) + 1
    return counts


@pytest.mark.parametrize(
    ("writer", "told"),
    [
        ("need_author", {"offer_author", "org_member"}),
        ("org_member", {"need_author"}),
        ("area_staff", {"need_author", "offer_author", "org_member"}),
    ],
)
def test_each_message_tells_the_other_side_never_what_it_says(world, writer, told):
    match = accepted(world)
    post_message(match, world.user(writer), f"{SECRET_WORDS} {PHONE}")
    assert _notified(world) == dict.fromkeys(told, 1)
    for row in db.session.scalars(
        select(Notification).where(Notification.kind == NotificationKind.MATCH_MESSAGE)
    ):
        assert SECRET_WORDS not in row.body + row.subject and PHONE not in row.body
        assert row.link == f"/matches/{match.id}#thread"


def _text(email) -> str:
    return email.get_body(preferencelist=("plain",)).get_content()


def test_the_email_of_a_message_goes_through_the_worker(client, world, worker_delivers):
    match = accepted(world)
    db.session.commit()
    login(client, world.offer_author)
    client.post(f"/matches/{match.id}/messages", data={"body": SECRET_WORDS})
    # The match's earlier steps were notified too: the message's email links to the thread.
    (email,) = [m for m in worker_delivers.messages if "#thread" in _text(m)]
    assert world.need_author.email in email["To"]
    assert SECRET_WORDS not in email.as_string()
    assert f"/matches/{match.id}" in email.get_body(preferencelist=("plain",)).get_content()


def test_unread_matches_follow_each_reader_s_marker(client, world):
    match = accepted(world)
    post_message(match, world.offer_author, "Is Saturday fine?")
    db.session.commit()
    assert unread_matches(world.need_author) == [match]
    assert unread_matches(world.area_staff) == [match]  # staff of the area read it too
    assert unread_matches(world.offer_author) == []  # one's own message is read
    assert unread_matches(world.other_resident) == []
    assert unread_matches(world.admin) == []

    login(client, world.need_author)
    client.get(f"/matches/{match.id}")
    assert unread_matches(reload(world.need_author)) == []
    assert unread_matches(world.area_staff) == [match]  # each reader has their own marker

    post_message(reload(match), world.org_member, "Or Sunday?")
    db.session.commit()
    assert unread_matches(world.need_author) == [match]


# --- what the need's author shares ----------------------------------------------------------------


def test_the_helper_sees_what_was_shared_and_each_view_is_logged(english_client, world):
    match = accepted(world)
    db.session.commit()
    login(english_client, world.need_author)
    response = english_client.post(
        f"/matches/{match.id}/share", data={"share_place": "y", "phone": PHONE}
    )
    assert response.status_code == 302
    (share,) = db.session.scalars(select(SharedContact)).all()
    assert (share.shares_place, share.phone, share.withdrawn_at) == (True, PHONE, None)
    assert share.created_at is not None
    lon, lat = exact_point(world.need)

    _page(english_client, match)  # the author's own look is not the helper's
    helper = english_client.application.test_client()
    login(helper, world.org_member)
    for _ in range(2):
        page = _page(helper, match)
        assert PHONE in page and f"{lat:.6f}" in page and f"{lon:.6f}" in page
    views = share_views(share)
    assert [view.viewer_id for view in views] == [world.org_member.id] * 2

    # Staff of the area (who know the point) and strangers are never given the number.
    for role in ("area_staff", "admin_here", "other_resident", "staff_elsewhere", "admin"):
        other = english_client.application.test_client()
        login(other, world.user(role))
        assert PHONE not in _page(other, match), role
    assert len(share_views(share)) == 2


def test_withdrawn_means_the_helper_no_longer_sees_it_and_the_record_stays(client, world):
    match = accepted(world)
    share = share_contact(match, world.need_author, shares_place=False, phone=PHONE)
    db.session.commit()
    login(client, world.need_author)
    assert client.post(f"/matches/{match.id}/share/withdraw").status_code == 302
    assert reload(share).withdrawn_at is not None
    helper = client.application.test_client()
    login(helper, world.offer_author)
    assert PHONE not in _page(helper, match)
    assert db.session.scalar(select(func.count(SharedContactView.id))) == 0


def test_a_new_choice_replaces_the_one_before(world):
    match = accepted(world)
    first = share_contact(match, world.need_author, shares_place=True, phone=None)
    second = share_contact(match, world.need_author, shares_place=False, phone=PHONE)
    assert first.withdrawn_at is not None and second.withdrawn_at is None
    withdraw_share(match)
    assert second.withdrawn_at is not None


@pytest.mark.parametrize(
    ("form", "field", "error"),
    [
        ({}, "share_place", "Choose the exact place, a phone number, or both."),
        ({"phone": "call me"}, "phone", "Enter a phone number such as 010-1234-5678."),
        ({"phone": "0" * 31}, "phone", "at most 30"),
    ],
)
def test_bad_shares_are_refused_at_the_field(english_client, world, form, field, error):
    match = accepted(world)
    db.session.commit()
    login(english_client, world.need_author)
    response = english_client.post(f"/matches/{match.id}/share", data=form)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page and error in page
    assert db.session.scalar(select(func.count(SharedContact.id))) == 0


@pytest.mark.parametrize("state", [MatchStatus.PROPOSED, MatchStatus.FULFILLED])
def test_sharing_is_only_for_an_accepted_match(client, world, state):
    match = proposed(world, by="offer")
    if state == MatchStatus.FULFILLED:
        accept_match(match, world.need_author)
        match.status = MatchStatus.FULFILLED
    db.session.commit()
    login(client, world.need_author)
    assert client.post(f"/matches/{match.id}/share", data={"phone": PHONE}).status_code == 403


def test_a_fulfilled_match_shows_the_helper_nothing_shared_any_more(client, world):
    match = accepted(world)
    share_contact(match, world.need_author, shares_place=False, phone=PHONE)
    match.status = MatchStatus.FULFILLED
    db.session.commit()
    login(client, world.offer_author)
    assert PHONE not in _page(client, match)


# --- the thank-you --------------------------------------------------------------------------------


def test_the_need_s_author_thanks_with_the_fulfilment(client, world):
    match = accepted(world)
    db.session.commit()
    login(client, world.need_author)
    response = client.post(f"/matches/{match.id}/fulfil", data={"thank_you": "Warm at last!"})
    assert response.status_code == 302
    match = reload(match)
    assert (match.status, match.thank_you) == (MatchStatus.FULFILLED, "Warm at last!")
    assert "Warm at last!" in _page(client, match)


def test_only_the_need_s_author_s_thanks_are_kept(client, world):
    match = accepted(world)
    db.session.commit()
    login(client, world.offer_author)
    client.post(f"/matches/{match.id}/fulfil", data={"thank_you": "Thank ourselves"})
    assert (reload(match).status, reload(match).thank_you) == (MatchStatus.FULFILLED, None)


def test_a_too_long_thank_you_is_refused_at_its_field(english_client, world):
    match = accepted(world)
    db.session.commit()
    login(english_client, world.need_author)
    response = english_client.post(f"/matches/{match.id}/fulfil", data={"thank_you": "x" * 301})
    assert response.status_code == 400
    assert 'id="thank_you-error"' in response.get_data(as_text=True)
    assert reload(match).status == MatchStatus.ACCEPTED


def test_a_stranger_is_never_told_about_a_match_s_page(client, world):
    match = accepted(world)
    db.session.commit()
    stranger = make_user()
    login(client, stranger)
    assert client.get(f"/matches/{match.id}").status_code == 404


def test_my_page_lists_the_matches_with_new_messages_until_they_are_read(english_client, world):
    match = accepted(world)
    post_message(match, world.offer_author, "Is Saturday fine?")
    db.session.commit()
    login(english_client, world.need_author)
    page = english_client.get("/my").get_data(as_text=True)
    assert "New messages" in page and f'href="/matches/{match.id}"' in page
    english_client.get(f"/matches/{match.id}")
    page = english_client.get("/my").get_data(as_text=True)
    assert "New messages" not in page
