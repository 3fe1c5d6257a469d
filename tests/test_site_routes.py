"""The role x route table of the site's own pages: home, accounts, areas, the map and its API,
matching and notifications (each feature with sub-packages has its own table)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from app.accounts.models import Role, User
from app.areas.models import AreaLevel
from app.extensions import db
from app.matching.models import Match
from app.matching.services import accept_match, propose_match
from app.notifications.models import Notification, NotificationKind
from app.organisations.models import Organisation
from app.pins.models import Pin, PinKind
from app.pins.services import withdraw_pin
from tests.factories import (
    add_member,
    login,
    make_area,
    make_category,
    make_organisation,
    make_pin,
    make_user,
)
from tests.roles import LOGIN, SIGNED_OUT, assert_status, expect

PEOPLE = (
    "anonymous",
    "resident",
    "need_author",
    "offer_author",  # represents the organisation whose offer it is
    "moderator",
    "staff_here",
    "admin",  # no staff area: administering accounts opens no need
    "admin_here",  # an administrator who holds the need's dong
)
SIGNED_IN = [who for who in PEOPLE if who != "anonymous"]
NEED_SIDE = ("need_author", "staff_here", "admin_here")  # who acts for the need (its exact point)


@dataclass
class World:
    people: dict[str, User | None]
    organisation: Organisation
    need: Pin
    offer: Pin
    withdrawn: Pin
    proposal: Match  # proposed by the offer's side: the need's side decides
    accepted: Match  # between a second need and the offer
    notification: Notification  # the resident's
    dong_code: str


@pytest.fixture
def world() -> World:
    gu = make_area(level=AreaLevel.GU, bounds=(126.90, 37.50, 127.05, 37.65))
    dong = make_area(bounds=(126.97, 37.56, 126.98, 37.57), parent=gu)
    people: dict[str, User | None] = {
        "anonymous": None,
        "resident": make_user(),
        "need_author": make_user(),
        "offer_author": make_user(Role.ORG_MEMBER),
        "moderator": make_user(Role.MODERATOR),
        "staff_here": make_user(Role.STAFF, staff_areas=[dong]),
        "admin": make_user(Role.ADMIN),
        "admin_here": make_user(Role.ADMIN, staff_areas=[dong]),
    }
    category = make_category()
    organisation = make_organisation(representative=people["offer_author"])
    add_member(organisation, make_user(Role.ORG_MEMBER))
    need = make_pin(people["need_author"], category=category, lon=126.975, lat=37.565)
    second_need = make_pin(people["need_author"], category=category, lon=126.974, lat=37.564)
    offer = make_pin(
        people["offer_author"],
        kind=PinKind.OFFER,
        category=category,
        organisation=organisation,
        lon=126.976,
        lat=37.566,
    )
    withdrawn = make_pin(people["need_author"], category=category, lon=126.973, lat=37.563)
    withdraw_pin(withdrawn)
    proposal = propose_match(need, offer, people["offer_author"])
    accepted = propose_match(second_need, offer, people["need_author"])
    accept_match(accepted, people["offer_author"])
    notification = Notification(
        user_id=people["resident"].id,
        kind=NotificationKind.STORY_PUBLISHED,
        subject="Hello",
        body="",
        link="/",
    )
    db.session.add(notification)
    db.session.flush()
    return World(
        people=people,
        organisation=organisation,
        need=need,
        offer=offer,
        withdrawn=withdrawn,
        proposal=proposal,
        accepted=accepted,
        notification=notification,
        dong_code=dong.code,
    )


def row(default, **exceptions):
    return expect(PEOPLE, default, **exceptions)


SIGNED_IN_SEE = row(200, **SIGNED_OUT)
GUESTS_ONLY = row(302, anonymous=200)  # signed-in people are sent home
LINK_NOT_VALID = row(302, anonymous=404)
BBOX = "126.9,37.5,127.1,37.6"

# name: (method, path, form data, expected per person)
ROUTES = {
    "home": ("GET", "/", None, row(200)),
    "health": ("GET", "/health", None, row(200)),
    "privacy policy": ("GET", "/privacy", None, row(200)),
    "terms of use": ("GET", "/terms", None, row(200)),
    "help": ("GET", "/help", None, row(200)),
    "contact": ("GET", "/contact", None, row(200)),
    "search": ("GET", "/search?q=help", None, row(200)),
    "language": ("POST", "/language", {"language": "en", "next": "/"}, row(302)),
    "register page": ("GET", "/register", None, GUESTS_ONLY),
    "register (empty)": ("POST", "/register", {}, GUESTS_ONLY),
    "check your email": ("GET", "/register/sent", None, row(302)),  # nothing was sent here
    "registration link page": ("GET", "/register/link", None, GUESTS_ONLY),
    "registration link (empty)": ("POST", "/register/link", {}, GUESTS_ONLY),
    # A link that is not one (the journey of a real link is in tests/accounts).
    "registration link followed": ("GET", "/register/confirm/{bad_link}", None, LINK_NOT_VALID),
    "registration finished": ("POST", "/register/confirm/{bad_link}", {}, LINK_NOT_VALID),
    "forgot password page": ("GET", "/password/forgot", None, GUESTS_ONLY),
    "forgot password (empty)": ("POST", "/password/forgot", {}, GUESTS_ONLY),
    # Links that are not ones, for everybody (real links: tests/accounts).
    "password reset link followed": ("GET", "/password/reset/{bad_link}", None, row(404)),
    "new password set": ("POST", "/password/reset/{bad_link}", {}, row(404)),
    "login page": ("GET", "/login", None, GUESTS_ONLY),
    "login (empty)": ("POST", "/login", {}, GUESTS_ONLY),
    "logout": ("POST", "/logout", None, row(302)),
    "profile": ("GET", "/account", None, SIGNED_IN_SEE),
    "profile (empty)": ("POST", "/account", {}, SIGNED_IN_SEE),
    "password page": ("GET", "/account/password", None, SIGNED_IN_SEE),
    "password (empty)": ("POST", "/account/password", {}, SIGNED_IN_SEE),
    "email change page": ("GET", "/account/email", None, SIGNED_IN_SEE),
    "email change (empty)": ("POST", "/account/email", {}, SIGNED_IN_SEE),
    "email change link followed": (
        "GET",
        "/account/email/confirm/{bad_link}",
        None,
        row(404, **SIGNED_OUT),
    ),
    "email change confirmed": (
        "POST",
        "/account/email/confirm/{bad_link}",
        {},
        row(404, **SIGNED_OUT),
    ),
    "new organisation (empty)": ("POST", "/organisations/new", {}, SIGNED_IN_SEE),
    "edit organisation (unchanged)": (  # an empty post keeps what the organisation has
        "POST",
        "/organisations/{organisation}/edit",
        {},
        row(403, **SIGNED_OUT, offer_author=302, admin=302, admin_here=302),
    ),
    "areas": ("GET", "/areas", None, row(200)),
    "an area": ("GET", "/areas/{dong_code}", None, row(200)),
    "area at a point": ("GET", "/api/areas/at?lon=126.975&lat=37.565", None, row(200)),
    "areas by name": ("GET", "/api/areas/search?q=dong", None, row(200)),
    "map": ("GET", "/map", None, row(200)),
    "pins API": ("GET", f"/api/pins?bbox={BBOX}&zoom=16", None, row(200)),
    "pins by tile": ("GET", "/api/pins/tiles/16/55882/25390", None, row(200)),
    "clusters by tile": ("GET", "/api/pins/tiles/11/1746/793", None, row(200)),
    "a pin in the API": ("GET", "/api/pins/{need}", None, row(200)),
    "a withdrawn pin in the API": ("GET", "/api/pins/{withdrawn}", None, row(404)),
    "open data CSV": ("GET", "/export/pins.csv", None, row(200)),
    "open data GeoJSON": ("GET", "/export/pins.geojson", None, row(200)),
    "my page": ("GET", "/my", None, SIGNED_IN_SEE),
    "download my data": ("GET", "/my/data", None, SIGNED_IN_SEE),
    "download my data (empty)": ("POST", "/my/data", {}, SIGNED_IN_SEE),  # asks the password
    "delete my account": ("GET", "/my/delete", None, SIGNED_IN_SEE),
    "delete my account (empty)": ("POST", "/my/delete", {}, SIGNED_IN_SEE),
    "my matches": ("GET", "/matches", None, SIGNED_IN_SEE),
    "propose a match": (
        "POST",
        "/matches",
        lambda w: {"need_id": w.need.id, "offer_id": w.offer.id, "message": ""},
        # The offer's side proposed already: the need's side may still propose (refused with
        # a message, 302); people on neither side may not.
        row(403, **SIGNED_OUT, **dict.fromkeys((*NEED_SIDE, "offer_author"), 302)),
    ),
    "accept": (
        "POST",
        "/matches/{proposal}/accept",
        None,
        row(403, **SIGNED_OUT, **dict.fromkeys(NEED_SIDE, 302)),
    ),
    "decline": (
        "POST",
        "/matches/{proposal}/decline",
        None,
        row(403, **SIGNED_OUT, **dict.fromkeys(NEED_SIDE, 302)),
    ),
    "cancel a proposal": (
        "POST",
        "/matches/{proposal}/cancel",
        None,
        row(403, **SIGNED_OUT, offer_author=302),
    ),
    "fulfil": (
        "POST",
        "/matches/{accepted}/fulfil",
        None,
        row(403, **SIGNED_OUT, **dict.fromkeys((*NEED_SIDE, "offer_author"), 302)),
    ),
    "notifications": ("GET", "/notifications", None, SIGNED_IN_SEE),
    "read a notification": (
        "POST",
        "/notifications/{notification}/read",
        None,
        row(404, **SIGNED_OUT, resident=302),
    ),
    "read all": ("POST", "/notifications/read-all", None, row(302, **SIGNED_OUT)),
    # Only one's own settings: the page names nobody, so there is nobody else's to ask for.
    "notification settings": ("GET", "/notifications/settings", None, SIGNED_IN_SEE),
    "notification settings (empty)": ("POST", "/notifications/settings", {}, SIGNED_IN_SEE),
}


def _path(template: str, world: World) -> str:
    return template.format(
        organisation=world.organisation.id,
        dong_code=world.dong_code,
        need=world.need.id,
        withdrawn=world.withdrawn.id,
        proposal=world.proposal.id,
        accepted=world.accepted.id,
        notification=world.notification.id,
        bad_link="not-a-link",
    )


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("route", ROUTES)
def test_who_gets_what(client, world, route, who):
    method, template, data, expected = ROUTES[route]
    if world.people[who] is not None:
        login(client, world.people[who])
    path = _path(template, world)
    if method == "GET":
        response = client.get(path)
    else:
        response = client.post(path, data=data(world) if callable(data) else (data or {}))
    assert_status(response, expected[who])


def test_the_table_names_every_person_everywhere():
    for name, (_method, _path, _data, expected) in ROUTES.items():
        assert set(expected) == set(PEOPLE), name
    assert LOGIN in SIGNED_IN_SEE.values()
