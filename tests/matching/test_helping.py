""" "I can help" on a need's page: anyone signed in but the need's author starts a match with a
message, through an unlisted offer that nobody else ever sees as a pin; a signed-out visitor
is asked to log in and comes back to the need; the home page and the map lead to asking for
and offering help."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.map.clusters import CLUSTER_ZOOMS, cell_discrepancies
from app.matching.models import Match, MatchStatus
from app.matching.services import nearest_open_offers, offers_to_propose
from app.matching.threads.models import MatchMessage
from app.notifications.models import Notification
from app.pins.models import Pin, PinKind, PinStatus
from app.pins.services import exact_point
from tests.factories import PASSWORD, login, make_user, reload
from tests.matching.test_matching import ROLES, World, accepted, panel_html
from tests.roles import LOGIN, assert_status, expect

WORDS = "I have a spare heater: Help-Words-H4"

# Every person who may see the open need may help, but its author (anonymous: log in first).
ROUTES = {
    "help": ("POST", "/pins/{need}/help", expect(ROLES, 302, need_author=403, anonymous=LOGIN)),
}


def _matches() -> int:
    return db.session.scalar(select(func.count(Match.id))) or 0


def _help(client, world: World, message: str = WORDS, **extra):
    return client.post(f"/pins/{world.need.id}/help", data={"message": message, **extra})


@pytest.mark.parametrize("role", ROLES)
def test_role_route_table(client, world, role):
    method, path, expected = ROUTES["help"]
    db.session.commit()
    user = world.user(role)
    if user is not None:
        login(client, user)
    before = _matches()
    response = client.post(path.format(need=world.need.id), data={"message": WORDS})
    assert_status(response, expected[role])
    db.session.expire_all()
    assert (_matches() != before) == (expected[role] == 302)


def test_helping_starts_a_proposed_match_with_its_first_message(english_client, world):
    db.session.commit()
    helper = world.other_resident
    login(english_client, helper)
    response = _help(english_client, world, message=f"  {WORDS}  ")
    match = db.session.scalar(select(Match).where(Match.need_id == world.need.id))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/matches/{match.id}#thread")
    assert match.status == MatchStatus.PROPOSED and match.proposed_by_id == helper.id
    offer = match.offer
    assert (offer.kind, offer.author_id, offer.listed) == (PinKind.OFFER, helper.id, False)
    assert offer.category_id == world.need.category_id and offer.status == PinStatus.OPEN
    assert offer.organisation_id is None and offer.location_is_coarse
    messages = db.session.scalars(select(MatchMessage).where(MatchMessage.match_id == match.id))
    assert [(m.author_id, m.body) for m in messages] == [(helper.id, WORDS)]
    # The helper's page of the need now leads to the conversation instead of a second form.
    panel = panel_html(english_client.get(f"/pins/{world.need.id}").get_data(as_text=True))
    assert f"/matches/{match.id}#thread" in panel and "/help" not in panel

    # The need's author is told, without the message (it goes by email), and decides.
    told = db.session.scalars(select(Notification)).all()
    assert [n.user_id for n in told] == [world.need_author.id]
    assert told[0].link == f"/matches/{match.id}#thread" and WORDS not in told[0].body
    author = english_client.application.test_client()
    login(author, world.need_author)
    assert WORDS in author.get(f"/matches/{match.id}").get_data(as_text=True)
    assert author.post(f"/matches/{match.id}/accept").status_code == 302
    assert reload(match).status == MatchStatus.ACCEPTED
    assert reload(world.need).status == PinStatus.MATCHED


@pytest.mark.parametrize(
    ("message", "error"),
    [
        ("", "Write a few words: how you can help, and when."),
        ("   ", "Write a few words: how you can help, and when."),
        ("x" * 2001, "at most"),
    ],
)
def test_a_bad_message_is_answered_at_its_field(english_client, world, message, error):
    db.session.commit()
    login(english_client, world.other_resident)
    response = _help(english_client, world, message=message)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="message-error"' in page and error in page
    assert _matches() == 0


def test_a_need_that_is_not_open_takes_no_help(english_client, world):
    accepted(world)  # the need is matched with the organisation's offer
    db.session.commit()
    login(english_client, world.other_resident)
    before = _matches()
    response = _help(english_client, world)
    assert response.status_code == 400
    assert "no longer open" in response.get_data(as_text=True)
    assert _matches() == before
    assert "I can help" not in panel_html(
        english_client.get(f"/pins/{world.need.id}").get_data(as_text=True)
    )


def test_the_same_form_twice_saves_once_and_a_second_offer_is_refused(english_client, world):
    db.session.commit()
    login(english_client, world.other_resident)
    key = "k" * 32
    first = _help(english_client, world, submission_key=key)
    again = _help(english_client, world, submission_key=key)
    assert first.headers["Location"] == again.headers["Location"]
    assert _matches() == 1
    other = _help(english_client, world, submission_key="j" * 32)
    assert other.status_code == 400
    assert "already been proposed" in other.get_data(as_text=True)
    assert _matches() == 1


def test_the_unlisted_offer_is_seen_by_nobody_but_its_author_and_the_area_s_staff(client, world):
    helper = make_user(display_name="Helper-Name-N9")
    db.session.commit()
    login(client, helper)
    _help(client, world)
    offer = db.session.scalar(select(Pin).where(Pin.author_id == helper.id))
    assert exact_point(offer) == exact_point(world.need)  # placed at the need, never shown

    anonymous = client.application.test_client()
    lon, lat = exact_point(world.need)
    box = f"{lon - 0.01},{lat - 0.01},{lon + 0.01},{lat + 0.01}"
    for zoom in (CLUSTER_ZOOMS[-1] + 1, 18):
        for query in ("", "&kind=offer", "&status=active"):
            answer = anonymous.get(f"/api/pins?bbox={box}&zoom={zoom}{query}")
            ids = [f["properties"]["id"] for f in json.loads(answer.get_data())["features"]]
            assert offer.id not in ids and world.offer.id in ids
    clusters = json.loads(
        anonymous.get(f"/api/pins?bbox={box}&zoom={CLUSTER_ZOOMS[-1]}&status=active").get_data()
    )["features"]
    assert sum(c["properties"]["n"] for c in clusters) == 2  # the need and the org's offer
    assert cell_discrepancies(db.session) == []  # the kept counts agree with a recount
    for url in ("/pins?kind=offer", "/export/pins.csv", "/export/pins.geojson"):
        text = anonymous.get(url, buffered=True).get_data(as_text=True)
        assert f"/pins/{offer.id}" not in text and f'"id": {offer.id},' not in text
        assert f"{world.offer.id}" in text

    readers = {"helper": helper, "area_staff": world.area_staff}
    for role in ROLES:
        person = readers.get(role) or world.user(role)
        viewer = client.application.test_client()
        if person is not None:
            login(viewer, person)
        expected = 200 if role in ("area_staff", "admin_here") or person is helper else 404
        assert viewer.get(f"/pins/{offer.id}").status_code == expected, role
        assert viewer.get(f"/api/pins/{offer.id}").status_code == 404, role
    login(client, helper)
    assert client.get(f"/pins/{offer.id}").status_code == 200

    # It serves its one need: not offered to another, nor listed among the nearest offers.
    assert offer not in offers_to_propose(helper, world.need)
    assert offer not in [found for found, _metres in nearest_open_offers(world.need)]


def test_a_signed_out_visitor_is_asked_to_log_in_and_comes_back(english_client, world):
    db.session.commit()
    page = english_client.get(f"/pins/{world.need.id}").get_data(as_text=True)
    link = f'href="/login?next=/pins/{world.need.id}"'
    assert "Log in to help" in page and link in page
    response = english_client.post(
        f"/login?next=%2Fpins%2F{world.need.id}",
        data={"email": world.other_resident.email, "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/pins/{world.need.id}")
    assert "I can help" in english_client.get(f"/pins/{world.need.id}").get_data(as_text=True)

    offer_page = english_client.application.test_client().get(f"/pins/{world.offer.id}")
    assert "Log in to help" not in offer_page.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/", "/map"])
def test_the_home_page_and_the_map_lead_to_asking_and_offering(english_client, path):
    page = english_client.get(path).get_data(as_text=True)
    assert 'href="/pins/new?kind=need"' in page and "Ask for help" in page
    assert 'href="/pins/new?kind=offer"' in page and "Offer help" in page


def test_helping_needs_the_csrf_token_and_the_key_the_page_gives(client, world, csrf_on):
    db.session.commit()
    login_page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
    client.post(
        "/login",
        data={"csrf_token": token, "email": world.other_resident.email, "password": PASSWORD},
    )
    assert _help(client, world).status_code == 400
    assert _matches() == 0

    panel = panel_html(client.get(f"/pins/{world.need.id}").get_data(as_text=True))
    form = re.search(
        rf'action="/pins/{world.need.id}/help".*?name="csrf_token" value="([^"]+)".*?'
        r'name="submission_key" type="hidden" value="([^"]+)"',
        panel,
        re.S,
    )
    sent = {"csrf_token": form.group(1), "submission_key": form.group(2)}
    assert _help(client, world, **sent).status_code == 302
    assert _help(client, world, **sent).status_code == 302  # a double click: the same match
    assert _matches() == 1
