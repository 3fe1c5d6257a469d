"""Matching: who may propose, accept, decline, cancel and fulfil; the pins follow; the nearest
offers with rounded distances (agreeing between SpatiaLite and PostGIS); what each viewer sees."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from app.accounts.models import Role, User
from app.areas.models import AreaLevel
from app.categories.models import Category
from app.clock import utcnow
from app.extensions import db
from app.geo import distance_metres, point_expression
from app.map.models import PinCell
from app.matching.models import Match, MatchStatus
from app.matching.panels import distance_label, need_panel, offer_panel, panel_for
from app.matching.services import (
    AlreadyProposed,
    CategoryMismatch,
    NotOpen,
    OwnOffer,
    WrongKinds,
    WrongState,
    accept_match,
    cancel_proposal,
    count_fulfilled_matches,
    decline_match,
    fulfil_match,
    nearest_open_offers,
    propose_match,
)
from app.organisations.models import Organisation
from app.pins.models import Pin, PinKind, PinStatus
from app.pins.services import PinDetails, exact_point, update_pin, withdraw_pin
from tests.factories import (
    PASSWORD,
    add_member,
    login,
    make_area,
    make_category,
    make_organisation,
    make_pin,
    make_user,
    reload,
)

NEED_POINT = (126.975, 37.565)  # inside the test dong below

# --- geometry helpers: points at known distances on the WGS84 ellipsoid ---------------------------

WGS84_A = 6_378_137.0
WGS84_E2 = 0.006_694_379_990_14


def north_of(lon: float, lat: float, metres: float) -> tuple[float, float]:
    """The point `metres` due north, by the meridian's radius of curvature (exact to well under
    0.01 % at these distances, so it can serve as the reference for both databases)."""
    w = 1 - WGS84_E2 * math.sin(math.radians(lat)) ** 2
    meridian_radius = WGS84_A * (1 - WGS84_E2) / w**1.5
    return lon, lat + math.degrees(metres / meridian_radius)


def east_of(lon: float, lat: float, metres: float) -> tuple[float, float]:
    w = 1 - WGS84_E2 * math.sin(math.radians(lat)) ** 2
    parallel_radius = WGS84_A / math.sqrt(w) * math.cos(math.radians(lat))
    return lon + math.degrees(metres / parallel_radius), lat


# --- the people and pins around one need ----------------------------------------------------------


@dataclass
class World:
    category: Category
    need_author: User
    need: Pin
    offer_author: User  # the organisation's representative, who posted its offer
    org_member: User
    organisation: Organisation
    offer: Pin  # the organisation's offer
    other_resident: User
    area_staff: User
    staff_elsewhere: User
    admin: User  # no staff area: administration alone opens no need
    admin_here: User  # an administrator who gave themselves the need's dong

    def user(self, role: str) -> User | None:
        return None if role == "anonymous" else getattr(self, role)


@pytest.fixture
def world() -> World:
    gu = make_area(level=AreaLevel.GU, bounds=(126.90, 37.50, 127.05, 37.65))
    dong = make_area(bounds=(126.97, 37.56, 126.98, 37.57), parent=gu)
    elsewhere = make_area(bounds=(127.10, 37.40, 127.12, 37.42))
    category = make_category(name_en="Heating")
    need_author = make_user(display_name="Kim Secret-Needer")
    offer_author = make_user(Role.ORG_MEMBER, display_name="Park Giver")
    organisation = make_organisation(representative=offer_author, name_en="Warm Hands")
    org_member = make_user(Role.ORG_MEMBER)
    add_member(organisation, org_member)
    need = make_pin(need_author, category=category, lon=NEED_POINT[0], lat=NEED_POINT[1])
    offer = make_pin(
        offer_author,
        kind=PinKind.OFFER,
        category=category,
        organisation=organisation,
        lon=126.976,
        lat=37.566,
        title="Briquettes to give",
    )
    return World(
        category=category,
        need_author=need_author,
        need=need,
        offer_author=offer_author,
        org_member=org_member,
        organisation=organisation,
        offer=offer,
        other_resident=make_user(),
        area_staff=make_user(Role.STAFF, staff_areas=[dong]),
        staff_elsewhere=make_user(Role.STAFF, staff_areas=[elsewhere]),
        admin=make_user(Role.ADMIN),
        admin_here=make_user(Role.ADMIN, staff_areas=[dong]),
    )


def proposed(world: World, by: str) -> Match:
    """A proposal between the world's need and offer, made by the need's or the offer's side."""
    proposer = world.need_author if by == "need" else world.offer_author
    return propose_match(world.need, world.offer, proposer, "We can help on Saturday.")


def accepted(world: World) -> Match:
    match = proposed(world, by="need")
    accept_match(match, world.offer_author)
    return match


def panel_html(html: str) -> str:
    """Only the matching panel of a pin's page ("" when there is none)."""
    found = re.search(r'<section class="match-panel".*?</section>', html, re.S)
    return found.group(0) if found else ""


# --- who may do what: the whole role x action table -----------------------------------------------

ROLES = (
    "need_author",
    "offer_author",
    "org_member",
    "other_resident",
    "area_staff",
    "staff_elsewhere",
    "admin",
    "admin_here",
    "anonymous",
)
NEED_SIDE = {"need_author", "area_staff", "admin_here"}
OFFER_SIDE = {"offer_author", "org_member"}

# (action, who proposed the match) -> roles allowed. Anyone else gets 403 (anonymous: log in).
ALLOWED = {
    ("propose", None): NEED_SIDE | OFFER_SIDE,
    ("accept", "offer"): NEED_SIDE,
    ("accept", "need"): OFFER_SIDE,
    ("decline", "offer"): NEED_SIDE,
    ("decline", "need"): OFFER_SIDE,
    ("cancel", "offer"): OFFER_SIDE,
    ("cancel", "need"): NEED_SIDE,
    ("fulfil", "need"): NEED_SIDE | OFFER_SIDE,
}
AFTER = {
    "accept": MatchStatus.ACCEPTED,
    "decline": MatchStatus.DECLINED,
    "cancel": MatchStatus.CANCELLED,
    "fulfil": MatchStatus.FULFILLED,
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("action", "proposed_by"), list(ALLOWED))
def test_role_action_table(client, world, action, proposed_by, role):
    user = world.user(role)
    if user is not None:
        login(client, user)
    allowed = role in ALLOWED[(action, proposed_by)]

    if action == "propose":
        response = client.post(
            "/matches", data={"need_id": world.need.id, "offer_id": world.offer.id}
        )
        match = db.session.scalar(select(Match).where(Match.need_id == world.need.id))
        before, after = None, (match.status if match else None)
        expected_after = MatchStatus.PROPOSED
    else:
        match = accepted(world) if action == "fulfil" else proposed(world, by=proposed_by)
        before = match.status
        response = client.post(f"/matches/{match.id}/{action}")
        after = reload(match).status
        expected_after = AFTER[action]

    if user is None:
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]
        assert after == before
    elif allowed:
        assert response.status_code == 302, response.get_data(as_text=True)[:300]
        # Accepted: on to the match's conversation, to arrange the help there.
        to = f"/matches/{match.id}#thread" if action == "accept" else "/matches"
        assert response.headers["Location"].endswith(to)
        assert after == expected_after
    else:
        assert response.status_code == 403
        assert after == before


def test_proposal_records_the_proposer_and_a_cancelled_one_can_be_made_again(world):
    match = proposed(world, by="offer")
    assert (match.proposed_by, match.message) == (world.offer_author, "We can help on Saturday.")
    cancel_proposal(match, world.offer_author)
    assert (match.status, match.decided_by) == (MatchStatus.CANCELLED, world.offer_author)

    again = propose_match(world.need, world.offer, world.need_author)
    assert again.id == match.id  # one row per need and offer
    assert (again.status, again.proposed_by, again.message) == (
        MatchStatus.PROPOSED,
        world.need_author,
        None,
    )
    assert again.decided_at is None and again.decided_by is None


def test_staff_of_the_gu_act_for_needs_in_its_dongs(client, world):
    gu_staff = make_user(Role.STAFF, staff_areas=[world.need.gu])
    match = proposed(world, by="offer")
    login(client, gu_staff)
    assert client.post(f"/matches/{match.id}/accept").status_code == 302
    assert reload(match).status == MatchStatus.ACCEPTED
    assert reload(match).decided_by_id == gu_staff.id


def test_proposer_never_decides_even_when_also_staff_of_the_area(client, world):
    """An administrator assigned the need's area, proposing their own offer, must wait for the
    need's author (or other staff) like any giver."""
    admin_offer = make_pin(
        world.admin_here, kind=PinKind.OFFER, category=world.category, lon=126.977, lat=37.567
    )
    match = propose_match(world.need, admin_offer, world.admin_here)
    login(client, world.admin_here)
    assert client.post(f"/matches/{match.id}/accept").status_code == 403
    assert client.post(f"/matches/{match.id}/cancel").status_code == 302
    assert reload(match).status == MatchStatus.CANCELLED


def test_state_changes_need_the_csrf_token_the_page_gives(client, world, csrf_on):
    match = proposed(world, by="offer")
    login_page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
    client.post(
        "/login",
        data={"csrf_token": token, "email": world.need_author.email, "password": PASSWORD},
    )
    assert client.post(f"/matches/{match.id}/accept").status_code == 400
    assert reload(match).status == MatchStatus.PROPOSED

    panel = panel_html(client.get(f"/pins/{world.need.id}").get_data(as_text=True))
    form = re.search(
        rf'action="/matches/{match.id}/accept">\s*<input type="hidden" name="csrf_token" '
        r'value="([^"]+)"',
        panel,
    )
    response = client.post(f"/matches/{match.id}/accept", data={"csrf_token": form.group(1)})
    assert response.status_code == 302
    assert reload(match).status == MatchStatus.ACCEPTED


def test_unknown_match_or_pin_is_404(client, world):
    login(client, world.need_author)
    assert client.post("/matches/999999/accept").status_code == 404
    # an offer given as the need: not a need at all
    response = client.post("/matches", data={"need_id": world.offer.id, "offer_id": world.offer.id})
    assert response.status_code == 404


# --- states: wrong-state transitions are refused, the pins follow ---------------------------------


def _reach(world: World, state: MatchStatus) -> Match:
    match = proposed(world, by="need")
    if state == MatchStatus.ACCEPTED:
        accept_match(match, world.offer_author)
    elif state == MatchStatus.FULFILLED:
        accept_match(match, world.offer_author)
        fulfil_match(match)
    elif state == MatchStatus.DECLINED:
        decline_match(match, world.offer_author)
    elif state == MatchStatus.CANCELLED:
        cancel_proposal(match, world.need_author)
    return match


@pytest.mark.parametrize(
    ("state", "action"),
    [
        (MatchStatus.ACCEPTED, "accept"),
        (MatchStatus.DECLINED, "accept"),
        (MatchStatus.CANCELLED, "accept"),
        (MatchStatus.FULFILLED, "accept"),
        (MatchStatus.ACCEPTED, "decline"),
        (MatchStatus.FULFILLED, "decline"),
        (MatchStatus.PROPOSED, "fulfil"),
        (MatchStatus.DECLINED, "fulfil"),
        (MatchStatus.FULFILLED, "fulfil"),
        (MatchStatus.ACCEPTED, "cancel"),
        (MatchStatus.DECLINED, "cancel"),
    ],
)
def test_wrong_state_transitions_are_refused(world, state, action):
    match = _reach(world, state)
    change = {
        "accept": lambda m: accept_match(m, world.offer_author),
        "decline": lambda m: decline_match(m, world.offer_author),
        "fulfil": fulfil_match,
        "cancel": lambda m: cancel_proposal(m, world.need_author),
    }[action]
    pins_before = (match.need.status, match.offer.status)
    with pytest.raises(WrongState):
        change(match)
    assert match.status == state
    assert (match.need.status, match.offer.status) == pins_before


def test_a_refused_transition_is_explained_and_changes_nothing(english_client, world):
    match = _reach(world, MatchStatus.DECLINED)
    login(english_client, world.offer_author)
    response = english_client.post(f"/matches/{match.id}/accept", follow_redirects=True)
    assert response.status_code == 200
    assert "This match has already moved on; nothing was changed." in response.get_data(
        as_text=True
    )
    assert reload(match).status == MatchStatus.DECLINED


def test_accepting_matches_both_pins_and_closes_their_other_proposals(world):
    match = proposed(world, by="need")
    # Another need for the same offer, and another offer for the same need, both proposed.
    second_need = make_pin(world.other_resident, category=world.category)
    for_offer = propose_match(second_need, world.offer, world.other_resident)
    other_offer = make_pin(world.other_resident, kind=PinKind.OFFER, category=world.category)
    for_need = propose_match(world.need, other_offer, world.other_resident)
    unrelated = propose_match(
        second_need,
        make_pin(make_user(), kind=PinKind.OFFER, category=world.category),
        world.other_resident,
    )
    before = utcnow()

    accept_match(match, world.org_member)

    assert match.status == MatchStatus.ACCEPTED
    assert match.decided_by == world.org_member and match.decided_at >= before
    assert (world.need.status, world.offer.status) == (PinStatus.MATCHED, PinStatus.MATCHED)
    assert for_offer.status == for_need.status == MatchStatus.CANCELLED
    assert unrelated.status == MatchStatus.PROPOSED
    assert (other_offer.status, second_need.status) == (PinStatus.OPEN, PinStatus.OPEN)


def test_proposing_and_declining_leave_the_pins_open(world):
    match = proposed(world, by="offer")
    assert (world.need.status, world.offer.status) == (PinStatus.OPEN, PinStatus.OPEN)
    decline_match(match, world.area_staff)
    assert (match.status, match.decided_by) == (MatchStatus.DECLINED, world.area_staff)
    assert match.decided_at is not None
    assert (world.need.status, world.offer.status) == (PinStatus.OPEN, PinStatus.OPEN)


def test_fulfilling_fulfils_both_pins(world):
    match = accepted(world)
    fulfil_match(match)
    assert match.status == MatchStatus.FULFILLED and match.fulfilled_at is not None
    assert (world.need.status, world.offer.status) == (PinStatus.FULFILLED, PinStatus.FULFILLED)


def test_cluster_counts_follow_the_pins(world):
    def counted(status: PinStatus) -> int:
        return db.session.scalar(
            select(func.coalesce(func.sum(PinCell.pins), 0)).where(
                PinCell.zoom == 15, PinCell.status == status.value
            )
        )

    open_before = counted(PinStatus.OPEN)
    match = accepted(world)
    assert counted(PinStatus.MATCHED) == 2
    assert counted(PinStatus.OPEN) == open_before - 2
    fulfil_match(match)
    assert (counted(PinStatus.MATCHED), counted(PinStatus.FULFILLED)) == (0, 2)


@pytest.mark.parametrize("withdrawn", ["need", "offer"])
def test_withdrawing_a_pin_cancels_its_matches_and_frees_the_other_side(world, withdrawn):
    match = accepted(world)
    pin, other = (world.need, world.offer) if withdrawn == "need" else (world.offer, world.need)
    withdraw_pin(pin)
    assert match.status == MatchStatus.CANCELLED
    assert (pin.status, other.status) == (PinStatus.WITHDRAWN, PinStatus.OPEN)


def test_withdrawing_an_offer_ends_its_proposals(world):
    match = proposed(world, by="offer")
    withdraw_pin(world.offer)
    assert match.status == MatchStatus.CANCELLED
    assert world.need.status == PinStatus.OPEN


# --- what may be proposed -------------------------------------------------------------------------


def test_own_offer_for_own_need_is_refused(world):
    own_offer = make_pin(world.need_author, kind=PinKind.OFFER, category=world.category)
    with pytest.raises(OwnOffer):
        propose_match(world.need, own_offer, world.need_author)


@pytest.mark.parametrize("closed", ["need withdrawn", "offer fulfilled", "need overdue"])
def test_closed_pins_take_no_proposal(world, closed):
    if closed == "need withdrawn":
        world.need.status = PinStatus.WITHDRAWN
    elif closed == "offer fulfilled":
        world.offer.status = PinStatus.FULFILLED
    else:  # past its expiry date, before the nightly job has marked it expired
        world.need.expires_at = utcnow() - timedelta(minutes=1)
    with pytest.raises(NotOpen):
        propose_match(world.need, world.offer, world.need_author)


def test_accepting_is_refused_once_the_need_is_overdue(world):
    match = proposed(world, by="need")
    world.need.expires_at = utcnow() - timedelta(minutes=1)
    with pytest.raises(NotOpen):
        accept_match(match, world.offer_author)
    assert match.status == MatchStatus.PROPOSED


def test_category_mismatch_and_wrong_kinds_are_refused(world):
    other = make_pin(world.offer_author, kind=PinKind.OFFER, organisation=world.organisation)
    with pytest.raises(CategoryMismatch):
        propose_match(world.need, other, world.offer_author)
    with pytest.raises(WrongKinds):
        propose_match(world.offer, world.need, world.need_author)


@pytest.mark.parametrize(
    "first_ended", [None, MatchStatus.DECLINED, MatchStatus.ACCEPTED, MatchStatus.FULFILLED]
)
def test_a_need_and_an_offer_are_proposed_once(world, first_ended):
    match = _reach(world, first_ended) if first_ended else proposed(world, by="need")
    with pytest.raises((AlreadyProposed, NotOpen)):
        propose_match(world.need, world.offer, world.offer_author)
    assert db.session.scalar(select(func.count(Match.id))) == 1
    assert match.status == (first_ended or MatchStatus.PROPOSED)


def test_a_duplicate_proposal_is_explained(english_client, world):
    proposed(world, by="need")
    login(english_client, world.org_member)
    response = english_client.post(
        "/matches",
        data={"need_id": world.need.id, "offer_id": world.offer.id, "next": "/matches"},
        follow_redirects=True,
    )
    assert "This offer has already been proposed for this need." in response.get_data(as_text=True)


def test_a_too_long_message_is_refused(english_client, world):
    login(english_client, world.org_member)
    response = english_client.post(
        "/matches",
        data={"need_id": world.need.id, "offer_id": world.offer.id, "message": "x" * 501},
        follow_redirects=True,
    )
    assert "at most 500 characters" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Match.id))) == 0


# --- nearest offers and distances -----------------------------------------------------------------


@pytest.fixture
def offers_around(world):
    """Open offers at known distances from the need (created far ones first), and offers that
    must not be listed."""
    lon, lat = NEED_POINT

    def offer(title, point, **fields):
        fields.setdefault("category", world.category)
        author = fields.pop("author", None) or make_user()
        return make_pin(
            author, kind=PinKind.OFFER, title=title, lon=point[0], lat=point[1], **fields
        )

    placed = {
        "five km": offer("Offer 5 km north", north_of(lon, lat, 5_000)),
        "1.2 km": offer("Offer 1.2 km east", east_of(lon, lat, 1_200)),
        "260 m": offer("Offer 260 m north", north_of(lon, lat, 260)),
        "60 m": offer("Offer 60 m east", east_of(lon, lat, 60)),
    }
    offer("Too far away", north_of(lon, lat, 15_000))
    offer("Other category", north_of(lon, lat, 100), category=make_category())
    offer("Self-offer by the needer", north_of(lon, lat, 120), author=world.need_author)
    offer("Withdrawn", north_of(lon, lat, 140)).status = PinStatus.WITHDRAWN
    offer("Matched elsewhere", north_of(lon, lat, 160)).status = PinStatus.MATCHED
    world.offer.status = PinStatus.WITHDRAWN  # the world's own offer is out of the way here
    db.session.flush()
    return placed


def _metres_to_public_point(need, offer) -> float:
    """The geodesic from the need's exact point to the offer's public point (its cell's centre
    for a private person's offer), as the database measures it."""
    lon, lat = exact_point(need)
    return db.session.scalar(
        select(
            distance_metres(
                point_expression(lon, lat), point_expression(offer.public_lon, offer.public_lat)
            )
        )
    )


def test_nearest_open_offers_are_measured_to_their_public_points(world, offers_around):
    found = nearest_open_offers(world.need)
    assert {offer.title for offer, _ in found} == {
        "Offer 60 m east",
        "Offer 260 m north",
        "Offer 1.2 km east",
        "Offer 5 km north",
    }
    expected = [_metres_to_public_point(world.need, offer) for offer, _ in found]
    assert [metres for _, metres in found] == pytest.approx(expected, rel=1e-6)
    assert expected == sorted(expected)  # nearest first
    # Private offers are public only at their cell's centre: never at the exact distance.
    for (offer, metres), exact in zip(
        sorted(found, key=lambda pair: pair[0].title), (1_200, 260, 5_000, 60), strict=True
    ):
        assert offer.location_is_coarse
        assert abs(metres - exact) <= 300  # within a cell (300 m) of the truth, no nearer


def test_moving_the_need_never_narrows_an_offer_below_its_cell(world, offers_around):
    """The oracle of finding 1: a need's author moves their need around and reads the
    distances. Every reading is the distance to the offer's public point, so the readings
    are the same as for an offer anywhere else in that cell."""
    offer = offers_around["260 m"]
    twin = make_pin(  # another private offer elsewhere in the very same cell
        make_user(),
        kind=PinKind.OFFER,
        category=world.category,
        lon=offer.public_lon + 0.0005,
        lat=offer.public_lat - 0.0005,
    )
    assert (twin.public_lon, twin.public_lat) == (offer.public_lon, offer.public_lat)
    lon, lat = NEED_POINT
    make_area(bounds=(lon, lat, lon + 0.01, lat + 0.01))  # the walk leaves the test dong: served
    for step in range(12):
        details = PinDetails(
            kind=PinKind.NEED,
            category=world.category,
            title=world.need.title,
            description=world.need.description,
            lon=lon + step * 0.0007,
            lat=lat + step * 0.0003,
        )
        update_pin(world.need, world.need_author, details)
        db.session.flush()
        readings = {o.id: metres for o, metres in nearest_open_offers(world.need, limit=20)}
        assert readings[offer.id] == pytest.approx(readings[twin.id], abs=1e-6)


def test_nearest_offers_are_limited(world, offers_around):
    assert len(nearest_open_offers(world.need, limit=2)) == 2


def test_distance_is_ellipsoidal_metres_on_both_databases(app):
    """One fixed pair, the same figure from SpatiaLite and PostGIS (the geodesic on WGS84)."""
    metres = db.session.scalar(
        select(distance_metres(point_expression(126.9779, 37.5663), point_expression(127.0, 37.6)))
    )
    assert metres == pytest.approx(4_219.05, abs=0.5)


@pytest.mark.parametrize(
    ("metres", "label"),
    [
        (0, "under 100 m"),
        (49.9, "under 100 m"),
        (60, "under 100 m"),
        (99.9, "under 100 m"),
        (100, "100 m"),
        (149, "100 m"),
        (260, "300 m"),
        (949, "900 m"),
        (951, "1 km"),
        (1_200, "1.2 km"),
        (1_249, "1.2 km"),
        (4_990, "5 km"),
        (9_960, "10 km"),
        (12_345, "12 km"),
    ],
)
def test_distance_labels_are_rounded(app, metres, label):
    with app.test_request_context(), force_locale("en"):
        assert distance_label(metres) == label


def test_distance_label_numbers_follow_the_locale(app):
    with app.test_request_context(), force_locale("de"):  # German writes 1,2 for 1.2
        assert "1,2" in distance_label(1_200)


def test_need_author_sees_nearest_offers_with_rounded_distances(
    english_client, world, offers_around
):
    login(english_client, world.need_author)
    panel = panel_html(english_client.get(f"/pins/{world.need.id}").get_data(as_text=True))
    assert "Nearest open offers" in panel
    titles = re.findall(r'<li class="card nearby-offer">\s*<h4><a [^>]*>([^<]+)</a>', panel)
    distances = re.findall(r'<span class="distance">([^<]+)</span>', panel)
    expected = sorted(
        (_metres_to_public_point(world.need, offer), offer.title)
        for offer in offers_around.values()
    )
    assert titles == [title for _metres, title in expected]
    with force_locale("en"):  # the page is in English
        assert distances == [distance_label(metres) for metres, _title in expected]
    for hidden in (
        "Too far away",
        "Other category",
        "Self-offer",
        "Withdrawn",
        "Matched elsewhere",
    ):
        assert hidden not in panel


@pytest.mark.parametrize("role", ["area_staff", "admin_here"])
def test_staff_of_the_area_see_the_nearest_offers(english_client, world, offers_around, role):
    login(english_client, world.user(role))
    panel = panel_html(english_client.get(f"/pins/{world.need.id}").get_data(as_text=True))
    assert "Nearest open offers" in panel and "1.2 km" in panel


def test_need_side_asks_a_listed_giver(english_client, world, offers_around):
    login(english_client, world.need_author)
    target = offers_around["260 m"]
    response = english_client.post(
        "/matches",
        data={"need_id": world.need.id, "offer_id": target.id, "next": f"/pins/{world.need.id}"},
    )
    assert response.headers["Location"].endswith(f"/pins/{world.need.id}")
    match = db.session.scalar(select(Match).where(Match.offer_id == target.id))
    assert (match.status, match.proposed_by_id) == (MatchStatus.PROPOSED, world.need_author.id)
    panel = panel_html(english_client.get(f"/pins/{world.need.id}").get_data(as_text=True))
    assert panel.count("Ask the giver") == 3  # the other three still can be asked


# --- privacy: what others see ---------------------------------------------------------------------


@pytest.mark.parametrize("role", ["other_resident", "staff_elsewhere", "org_member", "admin"])
def test_others_see_no_nearest_offers_nor_distances(english_client, world, offers_around, role):
    login(english_client, world.user(role))
    html = english_client.get(f"/pins/{world.need.id}").get_data(as_text=True)
    assert "Nearest open offers" not in html
    assert 'class="distance"' not in html
    for label in ("under 100 m", "1.2 km", "5 km", "Offer 60 m east", "Offer 5 km north"):
        assert label not in html


def test_service_gives_the_list_to_the_need_side_only(world, offers_around):
    assert need_panel(world.need, world.need_author).nearest
    assert need_panel(world.need, world.area_staff).nearest
    for role in ("other_resident", "staff_elsewhere", "org_member", "offer_author", "admin"):
        panel = need_panel(world.need, world.user(role))
        assert panel is not None and panel.nearest is None
    assert need_panel(world.need, None) is None


def test_nearest_list_never_gives_a_private_offer_s_exact_point(english_client, world):
    lon, lat = north_of(*NEED_POINT, 400)
    make_pin(make_user(), kind=PinKind.OFFER, category=world.category, lon=lon, lat=lat)
    login(english_client, world.need_author)
    panel = panel_html(english_client.get(f"/pins/{world.need.id}").get_data(as_text=True))
    assert "400 m" in panel
    for shown in (f"{lat:.5f}", f"{lat:.4f}", f"{lon:.5f}", str(lat)):
        assert shown not in panel


def test_anonymous_visitors_get_no_panel(client, world):
    html = client.get(f"/pins/{world.need.id}").get_data(as_text=True)
    assert panel_html(html) == ""
    assert panel_for(world.need, None) is None and panel_for(world.offer, None) is None


def test_a_resident_without_a_fitting_offer_is_invited_to_create_one(english_client, world):
    login(english_client, world.other_resident)
    panel = panel_html(english_client.get(f"/pins/{world.need.id}").get_data(as_text=True))
    assert "Offer your help" in panel
    assert f'href="/pins/new?kind=offer&amp;category={world.category.id}"' in panel
    assert 'name="offer_id"' not in panel


def test_a_resident_with_a_fitting_offer_can_propose_it(english_client, world):
    mine = make_pin(
        world.other_resident, kind=PinKind.OFFER, category=world.category, title="My heater"
    )
    make_pin(world.other_resident, kind=PinKind.OFFER, title="Wrong category")
    login(english_client, world.other_resident)
    panel = panel_html(english_client.get(f"/pins/{world.need.id}").get_data(as_text=True))
    assert f'<option value="{mine.id}">My heater</option>' in panel
    assert "Wrong category" not in panel and "Briquettes to give" not in panel
    response = english_client.post(
        "/matches",
        data={"need_id": world.need.id, "offer_id": mine.id, "message": " Tomorrow? "},
    )
    assert response.status_code == 302
    match = db.session.scalar(select(Match).where(Match.offer_id == mine.id))
    assert (match.proposed_by_id, match.message) == (world.other_resident.id, "Tomorrow?")


def test_an_organisation_member_proposes_the_organisation_s_offer(english_client, world):
    login(english_client, world.org_member)
    panel = panel_html(english_client.get(f"/pins/{world.need.id}").get_data(as_text=True))
    assert f'<option value="{world.offer.id}">Briquettes to give (Warm Hands)</option>' in panel


def test_the_offer_side_never_sees_the_need_author_s_name(english_client, world):
    match = proposed(world, by="need")
    login(english_client, world.org_member)
    pages = {
        "need": english_client.get(f"/pins/{world.need.id}").get_data(as_text=True),
        "offer": english_client.get(f"/pins/{world.offer.id}").get_data(as_text=True),
        "matches": english_client.get("/matches").get_data(as_text=True),
    }
    for name, html in pages.items():
        assert "Kim Secret-Needer" not in html, name
        assert f'id="match-{match.id}"' in html, name
    assert "Proposed for the need" in pages["matches"]
    assert world.need.title in pages["matches"]


PRIVATE_GIVER = "Choi Private-Giver"


def test_a_private_giver_is_named_to_the_need_side_only_once_the_match_is_agreed(
    english_client, world
):
    """The nearest offers, a proposal and the pages name a private giver to nobody on the need's
    side until the match is accepted; from then on the need's side may know who helps."""
    giver = make_user(display_name=PRIVATE_GIVER)
    lon, lat = north_of(*NEED_POINT, 300)
    offer = make_pin(giver, kind=PinKind.OFFER, category=world.category, lon=lon, lat=lat)
    world.offer.status = PinStatus.WITHDRAWN  # only the private offer is near
    db.session.flush()

    def sign_in(user: User) -> None:
        english_client.post("/logout")  # a signed-in person is not signed in again
        login(english_client, user)

    def need_side_pages() -> dict[str, str]:
        return {
            path: english_client.get(path).get_data(as_text=True)
            for path in (f"/pins/{world.need.id}", f"/pins/{offer.id}", "/matches")
        }

    login(english_client, world.need_author)
    before = need_side_pages()
    assert "Nearest open offers" in panel_html(before[f"/pins/{world.need.id}"])
    assert offer.title in before[f"/pins/{world.need.id}"]
    match = propose_match(world.need, offer, giver)
    proposed_pages = need_side_pages()
    assert f'id="match-{match.id}"' in proposed_pages["/matches"]
    for path, html in {**before, **proposed_pages}.items():
        assert PRIVATE_GIVER not in html, path
    # (The area's staff see every pin's author with its exact point: the area rule.)
    for other in ("other_resident", "admin", "staff_elsewhere"):
        sign_in(world.user(other))
        for path, html in need_side_pages().items():
            assert PRIVATE_GIVER not in html, (other, path)

    accept_match(match, world.need_author)
    sign_in(world.need_author)
    assert PRIVATE_GIVER in need_side_pages()["/matches"]
    # The giver's own side always sees their name; strangers never do, even now.
    sign_in(giver)
    assert PRIVATE_GIVER in need_side_pages()["/matches"]
    sign_in(world.other_resident)
    for path, html in need_side_pages().items():
        assert PRIVATE_GIVER not in html, path


def test_the_offer_page_panel(english_client, world):
    match = proposed(world, by="offer")
    login(english_client, world.offer_author)
    panel = panel_html(english_client.get(f"/pins/{world.offer.id}").get_data(as_text=True))
    assert "Matches for this offer" in panel and f'id="match-{match.id}"' in panel
    assert "Withdraw the proposal" in panel and "Accept" not in panel
    # A resident with a need in the category may ask for the offer from its page.
    their_need = make_pin(world.other_resident, category=world.category, title="Cold room")
    assert offer_panel(world.offer, world.other_resident).needs_to_propose[0].id == their_need.id
    assert offer_panel(world.offer, make_user()) is None


# --- "your matches" -------------------------------------------------------------------------------


def test_your_matches_sorts_what_waits_for_you(english_client, world):
    waiting = proposed(world, by="offer")
    second = make_pin(world.need_author, category=world.category, title="Second need")
    other_offer = make_pin(make_user(), kind=PinKind.OFFER, category=world.category)
    mine = propose_match(second, other_offer, world.need_author)
    login(english_client, world.need_author)
    html = english_client.get("/matches").get_data(as_text=True)
    waiting_part, rest = html.split("Proposals waiting for the other side", 1)
    assert f'id="match-{waiting.id}"' in waiting_part
    assert f'action="/matches/{waiting.id}/accept"' in waiting_part
    assert f'id="match-{mine.id}"' in rest and f'action="/matches/{mine.id}/cancel"' in rest


def test_your_matches_for_staff_covers_their_area_only(english_client, world):
    match = accepted(world)
    login(english_client, world.area_staff)
    html = english_client.get("/matches").get_data(as_text=True)
    assert f'action="/matches/{match.id}/fulfil"' in html
    english_client.post("/logout")
    login(english_client, world.staff_elsewhere)
    assert f'id="match-{match.id}"' not in english_client.get("/matches").get_data(as_text=True)


def test_history_keeps_fulfilled_matches(english_client, world):
    match = accepted(world)
    login(english_client, world.offer_author)
    response = english_client.post(f"/matches/{match.id}/fulfil", data={"next": "/matches"})
    assert response.headers["Location"].endswith("/matches")
    html = english_client.get("/matches").get_data(as_text=True)
    history = html.split('id="history-heading"', 1)[1]
    assert f'id="match-{match.id}"' in history and "Fulfilled" in history


def test_your_matches_needs_a_login(client):
    response = client.get("/matches")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


# --- home figure ----------------------------------------------------------------------------------


def test_home_counts_fulfilled_matches(english_client, world):
    before = count_fulfilled_matches()
    fulfil_match(accepted(world))
    need = make_pin(world.other_resident, category=world.category)
    offer = make_pin(make_user(), kind=PinKind.OFFER, category=world.category)
    second = propose_match(need, offer, world.other_resident)
    accept_match(second, offer.author)
    fulfil_match(second)
    third_need = make_pin(make_user(), category=world.category)
    third_offer = make_pin(make_user(), kind=PinKind.OFFER, category=world.category)
    third = propose_match(third_need, third_offer, third_need.author)
    accept_match(third, third_offer.author)  # accepted, not yet fulfilled: not counted
    assert count_fulfilled_matches() == before + 2
    html = english_client.get("/").get_data(as_text=True)
    assert "Help given (fulfilled matches)" in html
    assert f'<dd id="figure-help-given">{before + 2}</dd>' in html
