"""Places that are served: a pin lies in an imported dong or is refused at the field; no city is
fixed in the code (Busan's own small polygons here); finding an area by name; where the pin
form's picker opens."""

from __future__ import annotations

import json
import math
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app.areas.models import AreaLevel
from app.extensions import db
from app.map.clusters import cell_discrepancies
from app.pins.errors import NoAreasYet, PlaceNotServed
from app.pins.models import Pin, PinKind
from app.pins.privacy import current_grid
from app.pins.services import PinDetails, create_pin, exact_point, regrid_pins
from tests.factories import (
    field_error,
    login,
    make_area,
    make_category,
    make_pin,
    make_user,
)

# Small squares of our own: one dong in central Seoul, one gu and dong in Busan (35.16° N).
SEOUL_DONG = (126.96, 37.56, 126.99, 37.58)
BUSAN_GU = (129.03, 35.14, 129.08, 35.18)
BUSAN_DONG = (129.05, 35.15, 129.07, 35.17)
BUSAN_POINT = (129.0597, 35.1577)
INCHEON = (126.7052, 37.4563)  # served by nobody in these tests


@pytest.fixture
def seoul():
    gu = make_area(level=AreaLevel.GU, bounds=(126.94, 37.55, 127.00, 37.59), name_en="Jung-gu")
    return make_area(parent=gu, bounds=SEOUL_DONG, name_ko="명동", name_en="Myeong-dong")


@pytest.fixture
def busan():
    gu = make_area(level=AreaLevel.GU, bounds=BUSAN_GU, name_ko="부산진구", name_en="Busanjin-gu")
    return make_area(parent=gu, bounds=BUSAN_DONG, name_ko="부전1동", name_en="Bujeon 1-dong")


def english(app):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def need_form(category, lon: float, lat: float) -> dict:
    return {
        "category": str(category.id),
        "title": "연탄이 필요합니다",
        "description": "",
        "longitude": str(lon),
        "latitude": str(lat),
        "available_from": (date.today() + timedelta(days=1)).isoformat(),
        "available_until": (date.today() + timedelta(days=30)).isoformat(),
        "for_whom": "me",
    }


def pin_count() -> int:
    return db.session.scalar(select(func.count(Pin.id)))


# --- the refusal, at the field ------------------------------------------------------------------


def test_a_need_outside_every_dong_is_refused_at_the_location_field(app, seoul):
    client = english(app)
    login(client, make_user())
    before = pin_count()
    response = client.post("/pins/new?kind=need", data=need_form(make_category(), *INCHEON))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    message = field_error(html, "longitude")
    assert message is not None and "This place is not in a service area yet" in message
    assert 'href="/areas"' in html  # where the served areas are listed
    assert pin_count() == before


def test_the_refusal_reads_in_korean(app, seoul):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "ko"
    login(client, make_user(preferred_language="ko"))
    response = client.post("/pins/new?kind=need", data=need_form(make_category(), *INCHEON))
    message = field_error(response.get_data(as_text=True), "longitude")
    assert message is not None and message.startswith("이 위치는 아직 서비스 지역이 아닙니다")


def test_moving_a_pin_out_of_every_dong_is_refused_and_changes_nothing(app, seoul):
    author = make_user()
    pin = make_pin(author, lon=126.975, lat=37.57)
    client = english(app)
    login(client, author)
    data = need_form(pin.category, *INCHEON) | {"title": "Moved"}
    response = client.post(f"/pins/{pin.id}/edit", data=data)
    assert response.status_code == 200
    message = field_error(response.get_data(as_text=True), "longitude")
    assert message is not None and "not in a service area yet" in message
    db.session.expire_all()
    assert exact_point(pin) == pytest.approx((126.975, 37.57))
    assert pin.title != "Moved" and pin.dong_id == seoul.id


def test_a_site_without_areas_says_so(app):
    client = english(app)
    login(client, make_user())
    response = client.post("/pins/new?kind=need", data=need_form(make_category(), 126.975, 37.57))
    message = field_error(response.get_data(as_text=True), "longitude")
    assert message is not None and "No service areas have been set up" in message


def served_need(lon: float, lat: float) -> PinDetails:
    return PinDetails(PinKind.NEED, make_category(), "연탄", "", lon, lat)


def test_the_service_refuses_whichever_way_a_pin_comes(seoul):
    """The forms, the demo and "I can help" all place a pin through the same service."""
    with pytest.raises(PlaceNotServed):
        create_pin(make_user(), served_need(*INCHEON))


def test_no_areas_is_a_refusal_of_its_own():
    with pytest.raises(NoAreasYet):
        create_pin(make_user(), served_need(126.975, 37.57))


# --- Busan, at its own latitude -----------------------------------------------------------------


def metres_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    dlat = (a[1] - b[1]) * 111_320
    dlon = (a[0] - b[0]) * 111_320 * math.cos(math.radians((a[1] + b[1]) / 2))
    return math.hypot(dlat, dlon)


def test_a_busan_need_lands_in_its_dong_with_cells_of_the_right_size(app, seoul, busan):
    need = make_pin(lon=BUSAN_POINT[0], lat=BUSAN_POINT[1])
    assert (need.dong_id, need.gu_id) == (busan.id, busan.parent.id)
    assert need.location_is_coarse and need.public_dong_id == busan.id
    public = (need.public_lon, need.public_lat)
    # The public point is its cell's centre: never further than half the cell's diagonal.
    assert metres_between(public, BUSAN_POINT) <= 300 * math.sqrt(2) / 2 + 2
    grid = current_grid()
    row = math.floor(BUSAN_POINT[1] / grid.lat_step)
    east = grid.cell_centre(public[0] + grid.lon_step(row), public[1])
    # 300 m wide at 35.16° N too (Seoul's degrees would make it 293 m wide here).
    assert metres_between(public, east) == pytest.approx(300, rel=0.005)


def map_config(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="map-config"[^>]*>(.*?)</script>', html)
    assert match is not None
    return json.loads(match.group(1))


def test_the_map_opens_on_every_served_area(client, seoul, busan):
    bounds = map_config(client.get("/map").get_data(as_text=True))["servedBounds"]
    (south, west), (north, east) = bounds
    assert (west, south) == pytest.approx((126.94, 35.14))  # the Seoul gu, the Busan gu
    assert (east, north) == pytest.approx((129.08, 37.59))
    assert west <= BUSAN_POINT[0] <= east and south <= BUSAN_POINT[1] <= north


def test_without_areas_the_map_opens_on_its_configured_fallback(client):
    assert map_config(client.get("/map").get_data(as_text=True))["servedBounds"] is None


# --- finding an area by name --------------------------------------------------------------------


@pytest.fixture
def gangnam():
    gu = make_area(
        level=AreaLevel.GU, bounds=(127.02, 37.48, 127.08, 37.53), name_ko="강남구",
        name_en="Gangnam-gu",
    )  # fmt: skip
    return {
        "yeoksam1": make_area(
            parent=gu,
            bounds=(127.03, 37.49, 127.04, 37.50),
            name_ko="역삼1동",
            name_en="Yeoksam 1-dong",
        ),  # fmt: skip
        "yeoksam2": make_area(
            parent=gu,
            bounds=(127.04, 37.49, 127.05, 37.50),
            name_ko="역삼2동",
            name_en="Yeoksam 2-dong",
        ),  # fmt: skip
        "samseong": make_area(
            parent=gu,
            bounds=(127.05, 37.50, 127.07, 37.52),
            name_ko="삼성1동",
            name_en="Samseong 1-dong",
        ),  # fmt: skip
    }


def search(client, query: str, lang: str = "ko"):
    return client.get("/api/areas/search", query_string={"q": query, "lang": lang})


def test_areas_are_found_by_korean_prefix(client, gangnam):
    body = search(client, "역삼").get_json()
    assert body["count"] == 2
    assert [a["name"] for a in body["areas"]] == ["역삼1동", "역삼2동"]
    assert body["areas"][0] == {
        "code": gangnam["yeoksam1"].code,
        "name": "역삼1동",
        "gu": "강남구",
        "bbox": pytest.approx([127.03, 37.49, 127.04, 37.50]),
    }


def test_names_starting_with_the_query_come_before_names_containing_it(client, gangnam):
    names = [a["name"] for a in search(client, "삼").get_json()["areas"]]
    assert names == ["삼성1동", "역삼1동", "역삼2동"]


def test_areas_are_found_by_english_name_in_any_case(client, gangnam):
    body = search(client, "yeoksam", lang="en").get_json()
    assert [(a["name"], a["gu"]) for a in body["areas"]] == [
        ("Yeoksam 1-dong", "Gangnam-gu"),
        ("Yeoksam 2-dong", "Gangnam-gu"),
    ]
    assert [a["name"] for a in search(client, "2-DONG", lang="en").get_json()["areas"]] == [
        "Yeoksam 2-dong"
    ]


def test_the_answer_says_nothing_about_pins(client, gangnam):
    make_pin(lon=127.035, lat=37.495, title="비밀 제목")
    text = search(client, "역삼").get_data(as_text=True)
    assert "비밀" not in text and "pin" not in text.lower()


@pytest.mark.parametrize(
    ("query", "status", "words"),
    [
        ("", 400, "Type part of a neighbourhood's name."),
        ("   ", 400, "Type part of a neighbourhood's name."),
        ("역" * 41, 400, "Type at most 40 characters."),
        ("해운대", 200, None),
        ("%", 200, None),  # a LIKE wildcard is a character like any other
    ],
    ids=["empty", "blank", "too long", "nothing found", "wildcard"],
)
def test_bad_or_empty_searches(client, gangnam, query, status, words):
    response = search(client, query, lang="en")
    assert response.status_code == status
    body = response.get_json()
    if words:
        assert body["message"] == words
    else:
        assert body == {"count": 0, "areas": []}


# --- where the picker opens ---------------------------------------------------------------------


def start_bounds(html: str):
    match = re.search(r'data-start-bounds="([^"]*)"', html)
    assert match is not None
    return json.loads(match.group(1).replace("&#34;", '"').replace("&quot;", '"'))


def test_the_picker_opens_at_the_persons_last_dong(app, seoul, busan):
    author = make_user()
    make_pin(author, lon=126.975, lat=37.57)
    make_pin(author, lon=BUSAN_POINT[0], lat=BUSAN_POINT[1])  # the most recent
    client = english(app)
    login(client, author)
    bounds = start_bounds(client.get("/pins/new?kind=offer").get_data(as_text=True))
    assert sum(bounds, []) == pytest.approx(
        [BUSAN_DONG[1], BUSAN_DONG[0], BUSAN_DONG[3], BUSAN_DONG[2]]
    )


def test_without_pins_the_picker_opens_on_every_served_area(app, seoul, busan):
    client = english(app)
    login(client, make_user())
    bounds = start_bounds(client.get("/pins/new?kind=need").get_data(as_text=True))
    assert sum(bounds, []) == pytest.approx([35.14, 126.94, 37.59, 129.08])


def test_regridding_moves_pins_placed_with_the_old_cells_and_only_those(seoul, busan):
    """Pins placed before cells were equal in metres get their new centre once (the cell
    counts of app.pins.privacy compare public points, so old and new must not mix)."""
    old = make_pin(lon=BUSAN_POINT[0], lat=BUSAN_POINT[1])
    current = make_pin(lon=126.975, lat=37.57)
    right = (old.public_lon, old.public_lat)
    old_lon_step = 300 / (111_320 * math.cos(math.radians(37.55)))  # Seoul's reference latitude
    old.public_lon = round((math.floor(BUSAN_POINT[0] / old_lon_step) + 0.5) * old_lon_step, 5)
    assert old.public_lon != right[0]
    db.session.flush()
    assert regrid_pins() == 1
    assert (old.public_lon, old.public_lat) == right
    assert cell_discrepancies(db.session) == []  # the map's counts followed
    assert (current.public_dong_id, old.public_dong_id) == (seoul.id, busan.id)
    assert regrid_pins() == 0
