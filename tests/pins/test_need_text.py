"""Issue 12, finding 7: what a need's words and its area tell the public.

- A need's title and description are public only where its public cell holds at least
  NEED_TEXT_MIN_NEIGHBOURS (3) open needs, or where its author agreed; otherwise the public reads
  its category and a note. The author, the area's staff and the giver of an agreed match read
  the words.
- The area named in public (pages, popups, exports, the list's and the map's area filters) is
  the public point's, never the exact point's, which would say on which side of a boundary
  running through the cell the need is.
"""

from __future__ import annotations

import csv
import io
import json
import math

import pytest
from sqlalchemy import select

from app.accounts.models import Role
from app.areas.models import AreaLevel
from app.extensions import db
from app.map.clusters import CLUSTER_ZOOMS
from app.matching.services import accept_match, propose_match
from app.pins.models import Pin, PinKind, PinStatus
from app.pins.privacy import current_grid, public_pin
from tests.factories import (
    login,
    make_area,
    make_category,
    make_pin,
    make_user,
    reload,
)

SECRET_TITLE = "Grandmother Q9 above the pharmacy"
SECRET_WORDS = "Second floor, the door with the blue mat Q9"
PLACEHOLDER = "The details of this need are shared with the helper once a match is agreed."


@pytest.fixture
def client(english_client):
    return english_client


def cell_point(fraction_lon: float, fraction_lat: float, lon=126.9712, lat=37.5712):
    """A point at the given fractions across the grid cell that holds (lon, lat)."""
    grid = current_grid()
    row = math.floor(lat / grid.lat_step)
    lon_step = grid.lon_step(row)  # a row's cells are as wide as the grid's metres there
    column = math.floor(lon / lon_step)
    return (
        round((column + fraction_lon) * lon_step, 6),
        round((row + fraction_lat) * grid.lat_step, 6),
    )


@pytest.fixture
def place():
    gu = make_area(level=AreaLevel.GU, bounds=(126.90, 37.50, 127.05, 37.65), name_en="Jongno-gu")
    dong = make_area(parent=gu, bounds=(126.95, 37.55, 127.00, 37.60), name_en="Sajik-dong")
    category = make_category(name_en="Heating")
    return {"gu": gu, "dong": dong, "category": category}


def lone_need(place, author=None, **fields):
    lon, lat = cell_point(0.3, 0.7)
    return make_pin(
        author or make_user(),
        category=place["category"],
        lon=lon,
        lat=lat,
        title=SECRET_TITLE,
        description=SECRET_WORDS,
        text_shared=False,
        **fields,
    )


def public_outputs(client, need) -> dict[str, str]:
    lon, lat = need.public_lon, need.public_lat
    box = f"{lon - 0.01},{lat - 0.01},{lon + 0.01},{lat + 0.01}"
    return {
        path: client.get(path, buffered=True).get_data(as_text=True)
        for path in (
            f"/pins/{need.id}",
            "/pins",
            "/pins?kind=need",
            f"/api/pins/{need.id}",
            f"/export/pins.csv?bbox={box}",
            f"/export/pins.geojson?bbox={box}",
            "/map",
        )
    }


# --- the k rule -----------------------------------------------------------------------------------


def test_the_default_is_three_needs(app):
    assert app.config["NEED_TEXT_MIN_NEIGHBOURS"] == 3


def test_a_lone_needs_words_are_not_public(client, place):
    need = lone_need(place)
    for path, text in public_outputs(client, need).items():
        assert SECRET_TITLE not in text, path
        assert SECRET_WORDS not in text, path
    page = client.get(f"/pins/{need.id}").get_data(as_text=True)
    assert "<h1>Heating</h1>" in page and PLACEHOLDER in page
    popup = client.get(f"/api/pins/{need.id}").get_json()
    assert popup["title"] == "Heating"
    exported = client.get("/export/pins.csv", buffered=True).get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(exported[1:])))
    row = next(r for r in rows if r["id"] == str(need.id))
    assert (row["title"], row["description"], row["text_withheld"]) == ("", "", "true")
    assert row["category_name_en"] == "Heating"


def test_words_are_public_once_three_open_needs_share_the_cell(client, place):
    need = lone_need(place)
    first = make_pin(
        category=place["category"],
        lon=cell_point(0.8, 0.1)[0],
        lat=cell_point(0.8, 0.1)[1],
        text_shared=False,
    )
    assert SECRET_TITLE not in client.get("/pins").get_data(as_text=True)  # two: not yet
    # A matched need or one past its time does not count: it no longer hides anyone.
    matched = make_pin(lon=cell_point(0.5, 0.5)[0], lat=cell_point(0.5, 0.5)[1], text_shared=False)
    matched.status = PinStatus.MATCHED
    elsewhere = make_pin(lon=cell_point(1.5, 0.5)[0], lat=cell_point(1.5, 0.5)[1])
    db.session.flush()
    assert elsewhere.public_lon != need.public_lon  # the next cell
    assert SECRET_TITLE not in client.get("/pins").get_data(as_text=True)

    make_pin(lon=cell_point(0.1, 0.9)[0], lat=cell_point(0.1, 0.9)[1], text_shared=False)
    for path, text in public_outputs(client, need).items():
        if path != "/map":
            assert SECRET_TITLE in text, path
    assert SECRET_WORDS in client.get(f"/pins/{need.id}").get_data(as_text=True)
    assert first.title in client.get(f"/pins/{first.id}").get_data(as_text=True)


def test_the_author_may_agree_to_show_the_words_on_the_form(client, place):
    author = make_user()
    login(client, author)
    form = client.get("/pins/new?kind=need").get_data(as_text=True)
    assert 'name="text_shared"' in form and 'name="text_shared" type="checkbox" value="y">' in form
    assert 'name="text_shared"' not in client.get("/pins/new?kind=offer").get_data(as_text=True)
    lon, lat = cell_point(0.3, 0.7)
    data = {
        "category": str(place["category"].id),
        "title": SECRET_TITLE,
        "description": SECRET_WORDS,
        "longitude": f"{lon:.5f}",
        "latitude": f"{lat:.5f}",
        "for_whom": "me",
    }
    assert client.post("/pins/new?kind=need", data=data).status_code == 302
    need = db.session.scalar(select(Pin).where(Pin.author_id == author.id))
    assert need.text_shared is False  # off unless ticked
    anonymous = client.application.test_client()
    assert SECRET_TITLE not in anonymous.get(f"/pins/{need.id}").get_data(as_text=True)

    edit = client.get(f"/pins/{need.id}/edit").get_data(as_text=True)
    assert 'name="text_shared" type="checkbox" value="y">' in edit
    client.post(f"/pins/{need.id}/edit", data={**data, "text_shared": "y"})
    assert reload(need).text_shared is True
    for path, text in public_outputs(anonymous, need).items():
        if path != "/map":
            assert SECRET_TITLE in text, path


# --- who still reads the words --------------------------------------------------------------------


@pytest.fixture
def people(place):
    author = make_user(display_name="Kim Author")
    need = lone_need(place, author=author)
    giver = make_user(display_name="Lee Giver")
    offer = make_pin(giver, kind=PinKind.OFFER, category=place["category"], lon=126.975, lat=37.57)
    return {
        "need": need,
        "offer": offer,
        "author": author,
        "giver": giver,
        "staff_here": make_user(Role.STAFF, staff_areas=[place["dong"]]),
        "admin": make_user(Role.ADMIN),
        "admin_here": make_user(Role.ADMIN, staff_areas=[place["gu"]]),
        "resident": make_user(),
    }


def reads_words(client, people, who: str, path: str) -> bool:
    client.post("/logout")
    login(client, people[who])
    return SECRET_TITLE in client.get(path).get_data(as_text=True)  # (lists show titles only)


@pytest.mark.parametrize(
    ("who", "reads"),
    [
        ("author", True),
        ("staff_here", True),
        ("admin_here", True),
        ("admin", False),
        ("resident", False),
        ("giver", False),
    ],
)
def test_who_reads_a_lone_needs_words_on_its_page(client, people, who, reads):
    page = f"/pins/{people['need'].id}"
    assert reads_words(client, people, who, page) is reads
    if reads:
        assert "Not everyone reads this title and description" in client.get(page).get_data(
            as_text=True
        )


def test_the_giver_reads_the_words_once_the_match_is_agreed(client, people):
    need, offer = people["need"], people["offer"]
    match = propose_match(need, offer, people["giver"])
    for path in (f"/pins/{need.id}", "/matches"):
        assert not reads_words(client, people, "giver", path), path
    accept_match(match, people["author"])
    for path in (f"/pins/{need.id}", "/matches"):
        assert reads_words(client, people, "giver", path), path
    assert not reads_words(client, people, "resident", f"/pins/{need.id}")
    # The need's side reads them in the list of matches too.
    assert reads_words(client, people, "author", "/matches")


# --- the area is the public point's --------------------------------------------------------------


@pytest.fixture
def straddling():
    """A cell that a dong boundary runs through: the need's exact point is in the west dong, the
    cell's centre (its public point) in the east dong."""
    west_edge, _ = cell_point(0.0, 0.0)
    boundary, _ = cell_point(0.4, 0.0)
    east_edge, _ = cell_point(1.0, 0.0)
    _, south = cell_point(0.0, -1.0)
    _, north = cell_point(0.0, 2.0)
    gu = make_area(level=AreaLevel.GU, bounds=(west_edge - 0.01, south, east_edge + 0.01, north))
    west = make_area(
        parent=gu, bounds=(west_edge - 0.01, south, boundary, north), name_en="West-dong"
    )
    east = make_area(
        parent=gu, bounds=(boundary, south, east_edge + 0.01, north), name_en="East-dong"
    )
    lon, lat = cell_point(0.2, 0.5)
    need = make_pin(lon=lon, lat=lat, title="Straddling need")
    return {"gu": gu, "west": west, "east": east, "need": need}


def test_the_public_area_is_the_public_points(client, straddling):
    need, west, east = straddling["need"], straddling["west"], straddling["east"]
    assert need.dong == west  # the exact point: routes it to West-dong's staff
    assert need.public_dong == east and public_pin(need).dong_id == east.id
    page = client.get(f"/pins/{need.id}").get_data(as_text=True)
    assert "East-dong" in page and "West-dong" not in page
    assert client.get(f"/api/pins/{need.id}").get_json()["dong"] == "East-dong"
    csv_text = client.get("/export/pins.csv", buffered=True).get_data(as_text=True)
    assert east.code in csv_text and west.code not in csv_text

    def listed(area) -> bool:
        return "Straddling need" in client.get(f"/pins?area={area.code}").get_data(as_text=True)

    assert listed(east) and not listed(west) and listed(straddling["gu"])
    view = public_pin(need)
    box = f"{view.lon - 0.02},{view.lat - 0.02},{view.lon + 0.02},{view.lat + 0.02}"
    for area, count in ((east, 1), (west, 0)):
        for zoom in (CLUSTER_ZOOMS[-1], CLUSTER_ZOOMS[-1] + 1):
            answer = json.loads(
                client.get(f"/api/pins?bbox={box}&zoom={zoom}&area={area.code}").get_data(
                    as_text=True
                )
            )
            found = sum(f["properties"].get("n", 1) for f in answer["features"])
            assert found == count, (area.name_en, zoom)


def test_the_exact_points_staff_still_act_on_it(client, straddling):
    west_staff = make_user(Role.STAFF, staff_areas=[straddling["west"]])
    east_staff = make_user(Role.STAFF, staff_areas=[straddling["east"]])
    need = straddling["need"]
    login(client, west_staff)
    assert "Private: only the author and the city staff" in client.get(f"/pins/{need.id}").get_data(
        as_text=True
    )
    client.post("/logout")
    login(client, east_staff)
    assert "Private: only the author and the city staff" not in client.get(
        f"/pins/{need.id}"
    ).get_data(as_text=True)
