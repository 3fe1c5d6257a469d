"""The map: /map (folium's shell), /api/pins (points and counted clusters), the open-data files."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from app.areas.models import AreaLevel
from app.categories.models import CategoryKind
from app.clock import utcnow
from app.extensions import db
from app.map.clusters import (
    CLUSTER_ZOOMS,
    CellFilter,
    cell_of,
    cells_covering,
    clusters_in,
)
from app.pins.models import PinKind, PinStatus
from app.pins.privacy import public_pin
from tests.factories import (
    login,
    make_area,
    make_category,
    make_organisation,
    make_pin,
    make_user,
)

SEOUL = "126.7,37.4,127.3,37.7"  # a bbox around all the pins of these tests
SEOUL_TIME = ZoneInfo("Asia/Seoul")


def get_features(client, zoom: int, bbox: str = SEOUL, **filters) -> dict:
    response = client.get("/api/pins", query_string={"bbox": bbox, "zoom": zoom, **filters})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/geo+json"
    collection = json.loads(response.get_data(as_text=True))
    assert collection["type"] == "FeatureCollection"
    return collection


def point_ids(collection: dict) -> set[int]:
    assert not collection.get("clustered")
    return {feature["properties"]["id"] for feature in collection["features"]}


def cluster_total(collection: dict) -> int:
    assert collection["clustered"] is True
    return sum(feature["properties"]["n"] for feature in collection["features"])


# --- /api/pins: validation ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "complaint"),
    [
        ({"zoom": 12}, "bbox"),
        ({"bbox": "", "zoom": 12}, "bbox"),
        ({"bbox": "126,37,127", "zoom": 12}, "four numbers"),
        ({"bbox": "126,37,127,38,1", "zoom": 12}, "four numbers"),
        ({"bbox": "a,b,c,d", "zoom": 12}, "four numbers"),
        ({"bbox": "nan,37,127,38", "zoom": 12}, "four numbers"),
        ({"bbox": "126,37,inf,38", "zoom": 12}, "four numbers"),
        ({"bbox": "127,37,126,38", "zoom": 12}, "longitudes"),
        ({"bbox": "126,37,126,38", "zoom": 12}, "longitudes"),
        ({"bbox": "-181,37,126,38", "zoom": 12}, "longitudes"),
        ({"bbox": "126,37,180.5,38", "zoom": 12}, "longitudes"),
        ({"bbox": "126,38,127,37", "zoom": 12}, "latitudes"),
        ({"bbox": "126,-86,127,38", "zoom": 12}, "latitudes"),
        ({"bbox": "126,37,127,85.1", "zoom": 12}, "latitudes"),
        ({"bbox": "126,37,127,38"}, "zoom"),
        ({"bbox": "126,37,127,38", "zoom": "twelve"}, "zoom"),
        ({"bbox": "126,37,127,38", "zoom": "12.5"}, "zoom"),
        ({"bbox": "126,37,127,38", "zoom": -1}, "zoom"),
        ({"bbox": "126,37,127,38", "zoom": 21}, "zoom"),
    ],
)
def test_bad_parameters_get_a_400_saying_what_is_wrong(english_client, query, complaint):
    response = english_client.get("/api/pins", query_string=query)
    assert response.status_code == 400
    assert response.mimetype == "application/json"
    assert complaint in response.get_json()["message"]


@pytest.mark.parametrize(
    ("bbox", "zoom"), [("-180,-85,180,85", 0), ("-180,-85,180,85", 20), ("126.9,37.5,127,37.6", 15)]
)
def test_the_edges_of_the_allowed_ranges_are_accepted(client, bbox, zoom):
    assert client.get("/api/pins", query_string={"bbox": bbox, "zoom": zoom}).status_code == 200


# --- /api/pins: points close up, clusters further out -------------------------------------------


def test_close_up_the_map_gets_each_pin_at_its_public_point(client):
    need = make_pin(lon=126.97791, lat=37.56634)
    member = make_user()
    organisation = make_organisation(representative=member)
    offer = make_pin(member, kind=PinKind.OFFER, organisation=organisation, lon=127.01, lat=37.52)
    for zoom in (16, 17, 20):
        collection = get_features(client, zoom)
        assert "clustered" not in collection and "truncated" not in collection
        by_id = {f["properties"]["id"]: f for f in collection["features"]}
        assert set(by_id) == {need.id, offer.id}
        for pin, kind in ((need, "n"), (offer, "o")):
            view = public_pin(pin)
            assert by_id[pin.id]["geometry"] == {
                "type": "Point",
                "coordinates": [view.lon, view.lat],
            }
            assert by_id[pin.id]["properties"] == {
                "id": pin.id,
                "k": kind,
                "c": pin.category_id,
                "s": "o",
            }


@pytest.mark.parametrize("zoom", [*CLUSTER_ZOOMS, 3, 7])
def test_further_out_the_map_gets_counted_clusters(client, zoom):
    category = make_category()
    author = make_user()
    # Three needs in one 300 m cell share a public point; a fourth is 5 km away.
    near = [make_pin(author, category=category, lon=126.9779 + d, lat=37.5663) for d in (0, 1e-4)]
    near.append(make_pin(author, category=category, lon=126.9779, lat=37.5664))
    far = make_pin(author, category=category, lon=127.03, lat=37.5)
    collection = get_features(client, zoom)
    assert collection["zoom"] == zoom
    assert cluster_total(collection) == 4
    assert all(set(f["properties"]) == {"n"} for f in collection["features"])
    if zoom >= 12:  # cells are small enough to keep the two places apart
        by_count = {
            f["properties"]["n"]: f["geometry"]["coordinates"] for f in collection["features"]
        }
        assert by_count[3] == [public_pin(near[0]).lon, public_pin(near[0]).lat]
        assert by_count[1] == [public_pin(far).lon, public_pin(far).lat]


def test_cluster_positions_are_the_mean_of_public_points_rounded():
    category = make_category()
    pins = [
        make_pin(category=category, lon=126.97 + i * 0.004, lat=37.56 + i * 0.003) for i in range(4)
    ]
    (cluster,) = clusters_in(db.session, (126.9, 37.5, 127.1, 37.6), 8)
    assert cluster.pins == 4
    assert cluster.lon == pytest.approx(sum(public_pin(p).lon for p in pins) / 4)
    assert cluster.lat == pytest.approx(sum(public_pin(p).lat for p in pins) / 4)


def test_cells_covering_a_box_run_from_its_north_west_to_its_south_east():
    first_column, last_column, first_row, last_row = cells_covering(126.9, 37.5, 127.1, 37.6, 12)
    assert (first_column, first_row) == cell_of(126.9, 37.6, 12)
    assert (last_column, last_row) == cell_of(127.1, 37.5, 12)
    assert first_column < last_column and first_row < last_row


def test_only_cells_inside_the_box_are_counted(client):
    category = make_category()
    make_pin(category=category, lon=126.98, lat=37.56)
    make_pin(category=category, lon=127.2, lat=37.65)
    assert cluster_total(get_features(client, 12, bbox="126.95,37.55,127.0,37.58")) == 1
    assert cluster_total(get_features(client, 12, bbox="127.15,37.6,127.25,37.68")) == 1
    assert get_features(client, 12, bbox="120,30,121,31")["features"] == []


def test_a_new_pin_is_counted_in_its_dong_and_gu():
    # The pin's areas are set as objects; their keys must reach pin_cells in the same flush.
    gu = make_area(level=AreaLevel.GU, bounds=(126.90, 37.50, 127.05, 37.60))
    dong = make_area(parent=gu, bounds=(126.95, 37.55, 127.00, 37.58))
    make_pin(lon=126.9779, lat=37.5663)
    box = (126.9, 37.5, 127.1, 37.6)
    for zoom in CLUSTER_ZOOMS:
        by_dong = CellFilter(dong_id=dong.id)
        by_gu = CellFilter(gu_id=gu.id)
        assert sum(c.pins for c in clusters_in(db.session, box, zoom, by_dong)) == 1
        assert sum(c.pins for c in clusters_in(db.session, box, zoom, by_gu)) == 1


def test_a_new_pin_shows_in_the_clusters_at_once(client):
    before = cluster_total(get_features(client, 12))
    make_pin(lon=126.99, lat=37.55)
    db.session.commit()  # a savepoint here: the request reads it in the same transaction
    assert cluster_total(get_features(client, 12)) == before + 1


# --- /api/pins: filters --------------------------------------------------------------------------


@pytest.fixture
def mixed_pins():
    """Needs and offers of two categories in two dong of one gu, in several states."""
    gu = make_area(level=AreaLevel.GU, bounds=(126.90, 37.50, 127.05, 37.60))
    east = make_area(parent=gu, bounds=(126.975, 37.50, 127.05, 37.60))
    west = make_area(parent=gu, bounds=(126.90, 37.50, 126.975, 37.60))
    food, heating = make_category(), make_category()
    author = make_user()
    member = make_user()
    organisation = make_organisation(representative=member)

    def need(category, lon, status=PinStatus.OPEN):
        pin = make_pin(author, category=category, lon=lon, lat=37.55)
        pin.status = status
        return pin

    pins = {
        "need_food_east": need(food, 127.0),
        "need_heating_east": need(heating, 127.01),
        "need_food_west": need(food, 126.93),
        "need_matched_west": need(food, 126.94, PinStatus.MATCHED),
        "need_fulfilled_east": need(food, 127.02, PinStatus.FULFILLED),
        "need_withdrawn_east": need(food, 127.03, PinStatus.WITHDRAWN),
        "need_expired_west": need(food, 126.92, PinStatus.EXPIRED),
        "offer_food_east": make_pin(
            member, PinKind.OFFER, food, lon=127.04, lat=37.55, organisation=organisation
        ),
        "outside": make_pin(author, category=food, lon=127.2, lat=37.65),
    }
    db.session.flush()
    return {"gu": gu, "east": east, "west": west, "food": food, "heating": heating, **pins}


def expected_ids(mixed, names: str) -> set[int]:
    return {mixed[name].id for name in names.split()}


FILTER_CASES = [
    ({}, "need_food_east need_heating_east need_food_west offer_food_east outside"),
    ({"kind": "need"}, "need_food_east need_heating_east need_food_west outside"),
    ({"kind": "offer"}, "offer_food_east"),
    ({"category": "food"}, "need_food_east need_food_west offer_food_east outside"),
    ({"category": "heating"}, "need_heating_east"),
    ({"status": "matched"}, "need_matched_west"),
    ({"status": "fulfilled"}, "need_fulfilled_east"),
    (
        {"status": "active"},
        "need_food_east need_heating_east need_food_west need_matched_west offer_food_east outside",
    ),
    (
        {"status": "withdrawn"},
        "need_food_east need_heating_east need_food_west offer_food_east outside",
    ),  # not a public state: the default (open) instead, never the withdrawn pins
    ({"area": "gu"}, "need_food_east need_heating_east need_food_west offer_food_east"),
    ({"area": "east"}, "need_food_east need_heating_east offer_food_east"),
    ({"area": "west"}, "need_food_west"),
    ({"area": "west", "status": "active"}, "need_food_west need_matched_west"),
    ({"kind": "need", "category": "food", "area": "east"}, "need_food_east"),
]


def _query(mixed, filters: dict) -> dict:
    query = dict(filters)
    if "category" in query:
        query["category"] = mixed[query["category"]].id
    if "area" in query:
        query["area"] = mixed[query["area"]].code
    return query


@pytest.mark.parametrize(("filters", "names"), FILTER_CASES)
def test_filters_choose_the_points(client, mixed_pins, filters, names):
    collection = get_features(client, 16, **_query(mixed_pins, filters))
    assert point_ids(collection) == expected_ids(mixed_pins, names)


@pytest.mark.parametrize(("filters", "names"), FILTER_CASES)
@pytest.mark.parametrize("zoom", [12, 15])
def test_the_same_filters_choose_the_counted_clusters(client, mixed_pins, filters, names, zoom):
    collection = get_features(client, zoom, **_query(mixed_pins, filters))
    assert cluster_total(collection) == len(names.split())


def test_an_overdue_need_is_left_out_before_the_expiry_command_has_run(client):
    pin = make_pin()
    pin.expires_at = utcnow() - timedelta(hours=1)
    db.session.flush()
    assert pin.id not in point_ids(get_features(client, 16))
    assert client.get(f"/api/pins/{pin.id}").status_code == 404


def test_too_many_pins_are_cut_and_say_so(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "API_MAX_POINTS", 3)
    category, author = make_category(), make_user()
    pins = [make_pin(author, category=category, lon=127 + i / 100, lat=37.5) for i in range(5)]
    collection = get_features(client, 16)
    assert collection["truncated"] is True
    assert len(point_ids(collection)) == 3 and point_ids(collection) <= {p.id for p in pins}
    narrow = get_features(client, 16, bbox="126.995,37.49,127.015,37.51")
    assert "truncated" not in narrow and point_ids(narrow) == {pins[0].id, pins[1].id}
    exactly = get_features(client, 16, bbox="126.995,37.49,127.025,37.51")
    assert "truncated" not in exactly and len(point_ids(exactly)) == 3


# --- /api/pins: the response -------------------------------------------------------------------


def test_the_answer_is_compact_and_compressed(client):
    category, author = make_category(), make_user()
    for i in range(12):
        make_pin(author, category=category, lon=126.9 + i / 50, lat=37.45 + i / 100)
    plain = client.get("/api/pins", query_string={"bbox": SEOUL, "zoom": 16})
    text = plain.get_data(as_text=True)
    assert "\n" not in text and ": " not in text and ", " not in text
    assert len(text.encode()) / 12 <= 140  # bytes per point feature, the envelope included
    assert "Content-Encoding" not in plain.headers
    assert plain.headers["Cache-Control"] == "public, max-age=1"

    packed = client.get(
        "/api/pins",
        query_string={"bbox": SEOUL, "zoom": 16},
        headers={"Accept-Encoding": "gzip"},
    )
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.data).decode() == text


def test_coordinates_have_at_most_five_decimals(client):
    make_pin(lon=126.977912345, lat=37.566345678)
    for zoom in (12, 16):
        for feature in get_features(client, zoom)["features"]:
            for value in feature["geometry"]["coordinates"]:
                assert len(repr(value).split(".")[1]) <= 5


# --- /api/pins/<id>: the popup -------------------------------------------------------------------


def test_a_popup_has_the_public_view_in_the_readers_language(client, english_client):
    gu = make_area(level=AreaLevel.GU, name_ko="종로구", name_en="Jongno-gu")
    dong = make_area(parent=gu, name_ko="사직동", name_en="Sajik-dong")
    category = make_category(name_ko="연료", name_en="Heating")
    author = make_user(display_name="도움받는 이웃")
    pin = make_pin(author, category=category, title="연탄이 필요합니다", lon=126.975, lat=37.565)
    assert pin.dong == dong

    english = english_client.get(f"/api/pins/{pin.id}").get_json()
    assert english == {
        "id": pin.id,
        "kind": "need",
        "kind_label": "Need",
        "status": "open",
        "status_label": "Open",
        "category": "Heating",
        "title": "연탄이 필요합니다",
        "giver": None,
        "dong": "Sajik-dong",
        "gu": "Jongno-gu",
        "location_is_coarse": True,
        "url": f"/pins/{pin.id}",
    }
    korean = client.get(f"/api/pins/{pin.id}", headers={"Accept-Language": "ko"}).get_json()
    assert (korean["category"], korean["dong"], korean["gu"]) == ("연료", "사직동", "종로구")


def test_an_offers_popup_names_its_giver(client):
    member = make_user()
    organisation = make_organisation(representative=member, name_ko="희망나눔복지관")
    offer = make_pin(member, kind=PinKind.OFFER, organisation=organisation)
    popup = client.get(f"/api/pins/{offer.id}").get_json()
    assert popup["giver"] == "희망나눔복지관" and popup["location_is_coarse"] is False


@pytest.mark.parametrize("status", [PinStatus.WITHDRAWN, PinStatus.EXPIRED])
def test_no_popup_for_pins_the_public_may_not_see(client, status):
    pin = make_pin()
    pin.status = status
    db.session.flush()
    response = client.get(f"/api/pins/{pin.id}")
    assert response.status_code == 404 and response.mimetype == "application/json"
    assert client.get("/api/pins/999999").status_code == 404


# --- GET /map ----------------------------------------------------------------------------------


def test_the_page_has_the_map_the_filters_and_the_list_link(english_client):
    gu = make_area(level=AreaLevel.GU, name_en="Jongno-gu")
    make_area(parent=gu, name_en="Sajik-dong")
    category = make_category(CategoryKind.NEED, name_en="Heating")
    response = english_client.get(f"/map?kind=need&category={category.id}&status=active")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    # The container: a named region explained by the text above it.
    container = re.search(r'<div id="(map_[0-9a-f]+)"[^>]*>', html)
    assert container and 'role="region"' in container.group(0)
    assert 'aria-labelledby="map-heading"' in container.group(0)
    assert "aria-describedby=" in container.group(0)
    assert f"var {container.group(1)} = L.map(" in html
    # The filters are the list's form, as a GET form here, showing what was asked for.
    form = re.search(r'<form id="map-filters"[^>]*method="get"[^>]*>(.*?)</form>', html, re.S)
    assert form
    for name in ("kind", "category", "status", "area"):
        assert f'name="{name}"' in form.group(1)

    def chosen(name: str) -> str:
        select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', form.group(1), re.S)
        option = re.search(r'<option (?=[^>]*selected)[^>]*value="([^"]*)"', select.group(1))
        return option.group(1)

    assert (chosen("kind"), chosen("category"), chosen("status")) == (
        "need",
        str(category.id),
        "active",
    )
    assert "Heating" in form.group(1) and "Sajik-dong" in form.group(1)
    # The list of the same pins, before the map in reading (and tabbing) order.
    link = re.search(r'<a id="map-list-link"[^>]*href="([^"]+)"[^>]*>([^<]+)</a>', html)
    assert link and link.group(2) == "Show these as a list"
    assert link.group(1).replace("&amp;", "&") == (
        f"/pins?kind=need&category={category.id}&status=active"
    )
    assert html.index('id="map-list-link"') < html.index(container.group(0))
    # The site's frame: header, navigation with the map first, language switch.
    assert 'class="language-switch"' in html
    nav = re.search(r'<nav class="main-nav".*?</nav>', html, re.S).group(0)
    assert re.search(r"<li><a href=\"/map\">Map</a></li>", nav)


@pytest.mark.parametrize("path", ["/map", "/pins/new?kind=need"])
def test_pages_load_the_minified_vendor_scripts_that_set_up_copies(app, client, path):
    """The packages' minified builds, not their -src.js ones (Leaflet: 148 KB instead of
    450 KB; markercluster: 34 KB instead of 81 KB). scripts/setup copies only those."""
    login(client, make_user())
    html = client.get(path).get_data(as_text=True)
    vendor = [url for url in re.findall(r'<script[^>]*\bsrc="([^"]+)"', html) if "/vendor/" in url]
    assert vendor, html[:300]
    for url in vendor:
        assert not url.endswith("-src.js"), url


def test_the_page_references_no_cdn_and_loads_our_leaflet(client):
    html = client.get("/map").get_data(as_text=True)
    sources = re.findall(r'<script[^>]*\bsrc="([^"]+)"', html)
    stylesheets = re.findall(r'<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"', html)
    for url in sources + stylesheets:
        assert url.startswith("/static/"), url
    assert "/static/vendor/leaflet/leaflet.js" in sources
    assert "/static/vendor/leaflet.markercluster/leaflet.markercluster.js" in sources
    assert "/static/js/map.js" in sources
    assert "/static/vendor/leaflet/leaflet.css" in stylesheets
    assert "/static/vendor/leaflet.markercluster/MarkerCluster.Default.css" in stylesheets
    for cdn in ("cdn.", "jsdelivr", "cdnjs", "unpkg", "jquery", "bootstrap", "fontawesome"):
        assert cdn not in html.lower()
    # Tiles come from the configured server, with its attribution and a maximum zoom.
    assert '"https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in html
    assert "OpenStreetMap contributors" in html
    assert '"maxZoom": 18' in html


def test_every_script_has_the_nonce_and_no_inline_style_is_left(client):
    response = client.get("/map")
    csp = response.headers["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", csp.split("script-src", 1)[1]).group(1)
    assert "'unsafe-inline'" not in csp
    html = response.get_data(as_text=True)
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert len(scripts) >= 5
    for tag in scripts:
        # Our own files need no nonce ('self'); base.html defers the ones every page loads.
        own_file = re.fullmatch(r'<script src="/static/[^"]+"( defer)?>', tag)
        assert f'nonce="{nonce}"' in tag or own_file, tag
    inline = [tag for tag in scripts if "src=" not in tag]
    assert inline and all(f'nonce="{nonce}"' in tag for tag in inline)
    assert not re.search(r"<style\b", html)
    assert not re.search(r"\sstyle=", html)


def test_the_page_does_not_grow_with_the_number_of_pins(client):
    def size() -> int:
        return len(client.get("/map").data)

    category, author = make_category(), make_user()  # the category is in the filter form
    make_area(bounds=(126.89, 37.49, 127.16, 37.71))  # one dong for all: areas are listed too
    empty = size()
    for i in range(500):
        make_pin(author, category=category, lon=126.9 + (i % 25) / 100, lat=37.5 + (i // 25) / 100)
    assert abs(size() - empty) < 8


def test_the_map_starts_on_the_chosen_area(client):
    dong = make_area(bounds=(126.96, 37.57, 126.98, 37.58))
    html = client.get(f"/map?area={dong.code}").get_data(as_text=True)
    config = json.loads(re.search(r'id="map-config"[^>]*>(.*?)</script>', html).group(1))
    assert config["areaBounds"] == [[37.57, 126.96], [37.58, 126.98]]
    assert config["apiUrl"] == "/api/pins" and config["pointZoom"] == CLUSTER_ZOOMS[-1] + 1


# --- open data -----------------------------------------------------------------------------------


def read_csv(response) -> list[dict[str, str]]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")  # for Excel
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_the_csv_has_public_columns_and_is_a_download(client, mixed_pins):
    response = client.get("/export/pins.csv", buffered=True)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    rows = read_csv(response)
    assert {int(r["id"]) for r in rows} == expected_ids(
        mixed_pins, "need_food_east need_heating_east need_food_west offer_food_east outside"
    )
    need = mixed_pins["need_food_east"]
    row = next(r for r in rows if int(r["id"]) == need.id)
    view = public_pin(need)
    assert row == {
        "id": str(need.id),
        "kind": "need",
        "category": mixed_pins["food"].slug,
        "category_name_ko": mixed_pins["food"].name_ko,
        "category_name_en": mixed_pins["food"].name_en,
        "status": "open",
        "title": need.title,
        "description": need.description,
        "text_withheld": "false",
        "lon": repr(view.lon),
        "lat": repr(view.lat),
        "location_is_coarse": "true",
        "dong_code": mixed_pins["east"].code,
        "dong_name_ko": mixed_pins["east"].name_ko,
        "dong_name_en": mixed_pins["east"].name_en,
        "gu_code": mixed_pins["gu"].code,
        "gu_name_ko": mixed_pins["gu"].name_ko,
        "gu_name_en": mixed_pins["gu"].name_en,
        "created": need.created_at.astimezone(SEOUL_TIME).date().isoformat(),
    }


@pytest.mark.parametrize(("filters", "names"), FILTER_CASES)
def test_the_exports_take_the_same_filters(client, mixed_pins, filters, names):
    query = _query(mixed_pins, filters)
    rows = read_csv(client.get("/export/pins.csv", query_string=query, buffered=True))
    assert {int(r["id"]) for r in rows} == expected_ids(mixed_pins, names)
    response = client.get("/export/pins.geojson", query_string=query, buffered=True)
    collection = json.loads(response.get_data(as_text=True))
    assert {f["id"] for f in collection["features"]} == expected_ids(mixed_pins, names)


def test_the_geojson_export_is_a_feature_collection_of_public_points(client, mixed_pins):
    response = client.get(
        "/export/pins.geojson", query_string={"bbox": "126.95,37.5,127.05,37.6"}, buffered=True
    )
    assert response.mimetype == "application/geo+json"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    collection = json.loads(response.get_data(as_text=True))
    assert collection["type"] == "FeatureCollection"
    assert {f["id"] for f in collection["features"]} == expected_ids(
        mixed_pins, "need_food_east need_heating_east offer_food_east"
    )
    for feature in collection["features"]:
        view = public_pin(db.session.get(type(mixed_pins["outside"]), feature["id"]))
        assert feature["geometry"]["coordinates"] == [view.lon, view.lat]
        assert "lon" not in feature["properties"] and feature["properties"]["kind"]


def test_an_export_with_a_bad_bbox_is_refused(client):
    response = client.get("/export/pins.csv", query_string={"bbox": "1,2,3"})
    assert response.status_code == 400 and "bbox" in response.get_json()["message"]


def test_csv_cells_never_start_a_formula(client):
    make_pin(title='=HYPERLINK("http://evil.example")', description="+1 -2 @x")
    row = read_csv(client.get("/export/pins.csv", buffered=True))[0]
    assert row["title"].startswith("'=") and row["description"].startswith("'+")


def test_an_export_streams_more_than_one_batch(client, monkeypatch):
    from app.map import exports

    monkeypatch.setattr(exports, "BATCH", 2)
    category, author = make_category(), make_user()
    pins = [make_pin(author, category=category, lon=127 + i / 100, lat=37.5) for i in range(5)]
    response = client.get("/export/pins.geojson", buffered=True)
    ids = [f["id"] for f in json.loads(response.get_data(as_text=True))["features"]]
    assert ids == [p.id for p in pins]
    assert len(read_csv(client.get("/export/pins.csv", buffered=True))) == 5
